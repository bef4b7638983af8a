//! The compact `--fault` syntax of the command line.

use super::{EchoShape, FaultKind, FaultRule};

/// Help text for `--fault`, shown by `blinger-sim --help`.
pub const FAULT_SPEC_HELP: &str = "\
Inject a fault (repeatable): KIND[:ARG][@ENDPOINTS][%PROBABILITY][#NTH][*TIMES]
  KIND:  delay:MS        handle, then answer after MS milliseconds
         status:CODE     answer CODE without handling (500 = JSON envelope,
                         502/503/… = nginx-like HTML page)
         ratelimit:SECS  answer 429 + Retry-After: SECS without handling
         reset           handle, then reset the TCP connection (no answer)
         truncate        handle, then send half the body and close
         html            handle, then answer 200 with an HTML error page
         stall           take the request, never handle nor answer it
         echo:SHAPE      answer without handling, echoing the token back:
                         401 (in a 401 envelope), html (in a debug page),
                         decode (as `data` of the wrong shape)
  @ENDPOINTS    comma-separated names (send-message,unread,send-text-message,
                conversations/send-file-message, widget/send-file-message);
                default: every endpoint
  %PROBABILITY  0..1, default 1
  #NTH          fault every NTH matching request instead
  *TIMES        stop after TIMES faults
  Examples: --fault delay:5000@send-message%0.3   --fault status:503#3
            --fault ratelimit:2@unread,not-answered   --fault reset@send-message*1";

/// Parses one `--fault` value.
pub fn parse_fault_spec(spec: &str) -> Result<FaultRule, String> {
    let head_end = spec.find(['@', '%', '#', '*']).unwrap_or(spec.len());
    let (head, mut rest) = spec.split_at(head_end);
    let (name, arg) = match head.split_once(':') {
        Some((n, a)) => (n, Some(a)),
        None => (head, None),
    };
    let number = |what: &str| -> Result<u64, String> {
        let a = arg.ok_or_else(|| format!("fault `{name}` needs :{what}"))?;
        a.parse()
            .map_err(|_| format!("fault `{name}`: `{a}` is not a number"))
    };
    let kind = match name.to_ascii_lowercase().as_str() {
        "delay" => FaultKind::Delay { ms: number("MS")? },
        "status" => {
            let code = number("CODE")?;
            if !(400..=599).contains(&code) {
                return Err(format!("fault status: {code} is not a 4xx/5xx code"));
            }
            FaultKind::Status { code: code as u16 }
        }
        "ratelimit" | "rate-limit" | "rate_limit" | "429" => FaultKind::RateLimit {
            retry_after_secs: if arg.is_some() { number("SECS")? } else { 1 },
        },
        "reset" => FaultKind::Reset,
        "truncate" => FaultKind::Truncate,
        "html" => FaultKind::Html,
        "stall" | "hang" => FaultKind::Stall,
        "echo" => FaultKind::Echo {
            shape: match arg.map(str::to_ascii_lowercase).as_deref() {
                Some("401" | "unauthorized") => EchoShape::Unauthorized,
                Some("html") => EchoShape::Html,
                Some("decode" | "undecodable") => EchoShape::Undecodable,
                _ => return Err("fault echo needs :401, :html or :decode".into()),
            },
        },
        other => return Err(format!("unknown fault kind `{other}`")),
    };
    let mut rule = FaultRule::new(kind);
    while let Some(marker) = rest.chars().next() {
        let body = &rest[1..];
        let end = body.find(['@', '%', '#', '*']).unwrap_or(body.len());
        let value = &body[..end];
        rest = &body[end..];
        match marker {
            '@' => {
                rule.endpoints = value
                    .split(',')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            '%' => {
                let p: f64 = value
                    .parse()
                    .map_err(|_| format!("bad probability `{value}`"))?;
                if !(0.0..=1.0).contains(&p) {
                    return Err(format!("probability {p} is not within 0..1"));
                }
                rule.probability = p;
            }
            '#' => rule.every_nth = Some(positive(value, "#NTH")?),
            _ => rule.times = Some(positive(value, "*TIMES")?),
        }
    }
    Ok(rule)
}

fn positive(value: &str, what: &str) -> Result<u64, String> {
    match value.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{what}: `{value}` is not a positive number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_syntax() {
        let r = parse_fault_spec("delay:5000@send-message,unread%0.25#3*2").unwrap();
        assert_eq!(r.kind, FaultKind::Delay { ms: 5000 });
        assert_eq!(r.endpoints, ["send-message", "unread"]);
        assert_eq!(r.probability, 0.25);
        assert_eq!(r.every_nth, Some(3));
        assert_eq!(r.times, Some(2));
    }

    #[test]
    fn parses_plain_kinds() {
        assert_eq!(parse_fault_spec("reset").unwrap().kind, FaultKind::Reset);
        assert_eq!(parse_fault_spec("html").unwrap().kind, FaultKind::Html);
        assert_eq!(parse_fault_spec("stall").unwrap().kind, FaultKind::Stall);
        assert_eq!(
            parse_fault_spec("echo:401@unread").unwrap().kind,
            FaultKind::Echo {
                shape: EchoShape::Unauthorized
            }
        );
        assert_eq!(parse_fault_spec("truncate@get").unwrap().endpoints, ["get"]);
        assert_eq!(
            parse_fault_spec("ratelimit:7").unwrap().kind,
            FaultKind::RateLimit {
                retry_after_secs: 7
            }
        );
        assert_eq!(
            parse_fault_spec("status:503").unwrap().kind,
            FaultKind::Status { code: 503 }
        );
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "explode",
            "delay",
            "delay:x",
            "status:200",
            "reset%2",
            "html#0",
            "echo",
            "echo:xml",
        ] {
            assert!(parse_fault_spec(bad).is_err(), "{bad}");
        }
    }
}
