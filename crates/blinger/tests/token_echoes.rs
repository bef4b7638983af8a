//! A server that echoes the token back — in a 401 envelope, an HTML debug page
//! or JSON of the wrong shape — gets no form of it into the texts the app
//! shows, stores or logs: `Display`/`public_text()`, the `{kind, message}`
//! the window receives, and a log line quoting the error's `Debug`.

use blinger::{Client, Error, ErrorKind, WidgetClient};
use blinger_sim::{EchoShape, FaultKind, FaultPlan, FaultRule, SimConfig, SimHandle};

/// Characters that percent-encoding and JSON escaping both change.
const TOKEN: &str = "Xq7/Tk+9f2a7c41=b8e3d5066a1fZ";
const WIDGET_TOKEN: &str = "Wd4/Jm+6c1e93b07=a52f8d4e0Yv";

async fn sim() -> SimHandle {
    let config = SimConfig {
        token: TOKEN.into(),
        widget_token: WIDGET_TOKEN.into(),
        ..SimConfig::default()
    };
    blinger_sim::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .unwrap()
}

fn echo(shape: EchoShape) -> FaultPlan {
    FaultPlan::new(vec![FaultRule::new(FaultKind::Echo { shape })])
}

/// Every way the token can be written: plain, percent-encoded (form style,
/// upper- and lower-case hex), JSON-escaped (PHP and serde style) and as
/// Rust's `{:?}` prints it.
fn forms_of(token: &str) -> Vec<String> {
    let form = serde_urlencoded::to_string([("t", token)]).unwrap();
    let lower: String = token
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            b => format!("%{b:02x}"),
        })
        .collect();
    let json = serde_json::to_string(token).unwrap();
    let debug = format!("{token:?}");
    vec![
        token.to_owned(),
        form["t=".len()..].to_owned(),
        lower,
        json[1..json.len() - 1].replace('/', "\\/"),
        json[1..json.len() - 1].to_owned(),
        debug[1..debug.len() - 1].to_owned(),
    ]
}

/// No 6-character piece of the plain token and no 8-byte piece of an encoded
/// one: what a cut may leave is shorter than either.
fn assert_clean(what: &str, text: &str, token: &str) {
    for form in forms_of(token) {
        let width = if form == token { 6 } else { 8 };
        for start in 0..=form.len() - width {
            let piece = &form[start..start + width];
            assert!(
                !text.contains(piece),
                "{what} holds {piece:?} of the token: {text}"
            );
        }
    }
}

/// The texts that leave the error: shown, stored, sent to the window, logged.
fn assert_error_clean(e: &Error, token: &str) {
    assert_clean("Display", &e.to_string(), token);
    assert_clean("public_text", &e.public_text(), token);
    assert_clean("the UI's JSON", &serde_json::to_string(e).unwrap(), token);
    assert_clean(
        "a log line of {:?}",
        &deskbell_transport::scrub(&format!("{e:?}")),
        token,
    );
}

/// The raw answer, to show the echo is really there to be scrubbed.
async fn raw_body(sim: &SimHandle) -> String {
    reqwest::Client::new()
        .get(format!("{}/conversations/unread", sim.api_base_url()))
        .header("Authentication", TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_401_echoing_the_token_in_three_forms() {
    let sim = sim().await;
    sim.set_faults(echo(EchoShape::Unauthorized));
    let client = Client::with_base_url(TOKEN, &sim.api_base_url()).unwrap();
    let e = client.unread(&Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e:?}");
    let Error::Unauthorized { message, .. } = &e else {
        unreachable!()
    };
    let forms = forms_of(TOKEN);
    for form in [&forms[0], &forms[1], &forms[3]] {
        assert!(
            message.contains(form.as_str()),
            "the server echoes {form}: {message}"
        );
    }
    // The server's words are kept, the token is not.
    assert!(
        e.to_string().starts_with("not authorized: Wrong token ***"),
        "{e}"
    );
    assert_error_clean(&e, TOKEN);

    let widget = WidgetClient::with_base_url(WIDGET_TOKEN, &sim.widget_base_url()).unwrap();
    let e = widget.request_review("c-1").await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e:?}");
    assert_error_clean(&e, WIDGET_TOKEN);
    sim.shutdown().await;
}

#[tokio::test]
async fn an_html_page_echoing_the_token_across_the_snippet_cut() {
    let sim = sim().await;
    sim.set_faults(echo(EchoShape::Html));
    let body = raw_body(&sim).await;
    let first_200: String = body.chars().take(200).collect();
    let forms = forms_of(TOKEN);
    for form in [&forms[0], &forms[2], &forms[3]] {
        assert!(first_200.contains(form.as_str()), "{form}: {first_200}");
    }
    assert!(
        first_200.ends_with(&TOKEN[..TOKEN.len() / 2]),
        "{first_200}"
    );
    let client = Client::with_base_url(TOKEN, &sim.api_base_url()).unwrap();
    let e = client.unread(&Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotJson, "{e:?}");
    assert!(e.to_string().contains("<p>Authentication: ***</p>"), "{e}");
    assert_error_clean(&e, TOKEN);
    sim.shutdown().await;
}

#[tokio::test]
async fn an_undecodable_answer_quoting_the_token() {
    let sim = sim().await;
    sim.set_faults(echo(EchoShape::Undecodable));
    assert!(raw_body(&sim).await.contains(&forms_of(TOKEN)[3]));
    let client = Client::with_base_url(TOKEN, &sim.api_base_url()).unwrap();
    let e = client.unread(&Default::default()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode, "{e:?}");
    let Error::Decode { message, .. } = &e else {
        unreachable!()
    };
    assert!(
        message.contains(TOKEN),
        "the decoder quotes the value: {message}"
    );
    assert!(
        e.to_string().contains("invalid type: string \"***\""),
        "{e}"
    );
    assert_error_clean(&e, TOKEN);
    sim.shutdown().await;
}
