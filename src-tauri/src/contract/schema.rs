//! The contract document: JSON Schemas for every command's arguments and result,
//! the `desk://event` payload and the error, generated from the Rust types.
//!
//! Arguments are described as serde *reads* them (fields with a default may be left
//! out), results and events as serde *writes* them (every field is there unless it is
//! skipped). Every object is closed (`unevaluatedProperties: false`): a field Rust
//! never sends, or one it would silently drop, is a mismatch.

use schemars::generate::{SchemaGenerator, SchemaSettings};
use schemars::JsonSchema;
use serde_json::{json, Map, Value};

const DEFS: &str = "#/$defs/";

pub struct Doc {
    input: SchemaGenerator,
    output: SchemaGenerator,
    commands: Map<String, Value>,
}

impl Doc {
    pub fn new() -> Self {
        let settings = SchemaSettings::draft2020_12();
        Doc {
            input: settings.clone().for_deserialize().into_generator(),
            output: settings.for_serialize().into_generator(),
            commands: Map::new(),
        }
    }

    /// The schema of one argument, as Tauri hands it to serde.
    pub fn arg<T: JsonSchema>(&mut self) -> Value {
        self.input.subschema_for::<T>().to_value()
    }

    /// The schema of something Rust sends (a result, an event, an error).
    pub fn sent<T: JsonSchema>(&mut self) -> Value {
        self.output.subschema_for::<T>().to_value()
    }

    /// Tauri passes a missing argument as `null`, so only arguments that take
    /// `null` (an `Option`) may be left out.
    pub fn command(&mut self, name: &str, args: Vec<(&str, Value)>, result: Value) {
        let required: Vec<&str> = args
            .iter()
            .filter(|(_, schema)| !accepts_null(schema, self.input.definitions()))
            .map(|(name, _)| *name)
            .collect();
        let properties: Map<String, Value> =
            args.into_iter().map(|(n, s)| (n.to_owned(), s)).collect();
        let args = json!({"type": "object", "properties": properties, "required": required});
        self.commands
            .insert(name.to_owned(), json!({"args": args, "result": result}));
    }

    pub fn finish(mut self, event: Value, error: Value) -> Value {
        let mut defs = self.output.take_definitions(true);
        let mut input_defs = self.input.take_definitions(true);
        let mut commands = Value::Object(std::mem::take(&mut self.commands));
        // A type read and written with different shapes (defaults) gets two names.
        let clashes: Vec<String> = input_defs
            .iter()
            .filter(|(name, schema)| defs.get(*name).is_some_and(|s| s != *schema))
            .map(|(name, _)| name.clone())
            .collect();
        for name in clashes {
            let renamed = format!("{name}Input");
            let schema = input_defs.remove(&name).expect("listed above");
            input_defs.insert(renamed.clone(), schema);
            for spec in commands.as_object_mut().expect("an object").values_mut() {
                rename_ref(&mut spec["args"], &name, &renamed);
            }
            for schema in input_defs.values_mut() {
                rename_ref(schema, &name, &renamed);
            }
        }
        defs.extend(input_defs);
        let mut doc = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$comment": "Generated from the Rust types: do not edit. Regenerate with `DESKBELL_CONTRACT=write cargo test -p deskbell --lib contract`.",
            "title": "Deskbell IPC contract (window ⇄ Rust)",
            "description": "`commands.<name>.args`: the object the page passes to invoke(name, args); `commands.<name>.result`: what the promise resolves to; `event`: the payload of every `desk://event`; `error`: what a failed command rejects with. See docs/ipc.md.",
            "commands": commands,
            "event": event,
            "error": error,
            "$defs": defs,
        });
        close_objects(&mut doc, false);
        sorted(doc)
    }
}

/// Whether a schema admits `null` (resolving `$ref`s into `defs`).
fn accepts_null(schema: &Value, defs: &Map<String, Value>) -> bool {
    let is_null = |t: &Value| t == "null";
    if let Some(t) = schema.get("type") {
        return is_null(t) || t.as_array().is_some_and(|a| a.iter().any(is_null));
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix(DEFS))
    {
        return defs.get(name).is_some_and(|s| accepts_null(s, defs));
    }
    ["anyOf", "oneOf"].iter().any(|k| {
        schema
            .get(*k)
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|s| accepts_null(s, defs)))
    })
}

fn rename_ref(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if key == "$ref" && v.as_str() == Some(&format!("{DEFS}{from}")) {
                    *v = Value::String(format!("{DEFS}{to}"));
                } else {
                    rename_ref(v, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rename_ref(v, from, to)),
        _ => {}
    }
}

/// Marks every object schema closed. A `oneOf` beside `properties` is a flattened
/// enum: its variants add to the outer object's fields, so only the outer one closes
/// (`unevaluatedProperties` sees the fields the matching variant names).
fn close_objects(schema: &mut Value, flattened: bool) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    let has_properties = map.contains_key("properties");
    if has_properties && !flattened && !map.contains_key("additionalProperties") {
        map.insert("unevaluatedProperties".into(), Value::Bool(false));
    }
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            "properties" | "$defs" | "commands" => {
                for v in value
                    .as_object_mut()
                    .into_iter()
                    .flat_map(|m| m.values_mut())
                {
                    close_objects(v, false);
                }
            }
            "args" | "result" | "event" | "error" | "items" | "additionalProperties" | "not" => {
                close_objects(value, false)
            }
            "oneOf" | "anyOf" | "allOf" | "prefixItems" => {
                for v in value.as_array_mut().into_iter().flatten() {
                    close_objects(v, has_properties);
                }
            }
            _ => {}
        }
    }
}

/// Keys in order, whatever serde_json's `preserve_order` says in this build: the
/// file must not change with the feature set it was generated under.
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_arguments_are_the_nullable_ones() {
        let mut doc = Doc::new();
        let (name, maybe) = (doc.arg::<String>(), doc.arg::<Option<String>>());
        doc.command("x", vec![("name", name), ("maybe", maybe)], json!({}));
        let out = doc.finish(json!({}), json!({}));
        assert_eq!(out["commands"]["x"]["args"]["required"], json!(["name"]));
        assert_eq!(
            out["commands"]["x"]["args"]["unevaluatedProperties"],
            json!(false)
        );
    }

    #[test]
    fn a_flattened_enum_closes_the_outer_object_only() {
        let mut schema = json!({
            "properties": {"name": {}},
            "oneOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}],
        });
        close_objects(&mut schema, false);
        assert_eq!(schema["unevaluatedProperties"], json!(false));
        assert!(schema["oneOf"][0].get("unevaluatedProperties").is_none());
        let mut tagged = json!({"oneOf": [{"properties": {"a": {}}}]});
        close_objects(&mut tagged, false);
        assert_eq!(tagged["oneOf"][0]["unevaluatedProperties"], json!(false));
    }
}
