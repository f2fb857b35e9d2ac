//! A fake Graph API on 127.0.0.1: records every request and answers POSTs from a script (then
//! "accepted" with a fresh wamid); serves media info and media bytes for downloads; takes media
//! uploads (POST /{version}/{phone number id}/media, multipart/form-data read by axum's parser)
//! and answers them from the same script (then a fresh media id). Account calls
//! (templates, profile, block list, phone number, subscriptions, uploads) answer from routes a
//! test sets with [`FakeGraph::on`]; with [`FakeGraph::require_token`] a wrong token gets Meta's
//! 401 (code 190), as the real API does.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// One request the fake received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The JSON body; for an upload, its form fields: `{messaging_product, type, file: {filename,
    /// content_type}}`.
    pub body: serde_json::Value,
    /// The query string ('' without one).
    pub query: String,
    /// The raw body (uploads send bytes, not JSON).
    pub raw: Vec<u8>,
    /// The `file_offset` header of an upload.
    pub file_offset: Option<String>,
    /// The bytes of an upload's `file` field.
    pub file: Option<Vec<u8>>,
}

/// A scripted answer: HTTP status, optional Retry-After, JSON body.
pub type Answer = (u16, Option<&'static str>, serde_json::Value);

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    script: VecDeque<Answer>,
    sent: u32,
    /// How long every answer takes (a slow Graph API).
    delay: std::time::Duration,
    /// (method, path, query must contain this, answer): the first that matches answers.
    routes: Vec<(String, String, String, Answer)>,
    token: Option<String>,
    uploaded: u32,
}

pub struct FakeGraph {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    _thread: std::thread::JoinHandle<()>,
}

/// In a script, as the Retry-After of an answer: the connection is lost mid-answer instead.
pub const DROP: &str = "drop-connection";

/// What Meta answers to a message it cannot deliver outside the 24-hour window.
pub fn error(status: u16, code: i64, message: &str) -> Answer {
    let body = serde_json::json!({"error": {"message": format!("(#{code}) {message}"),
        "type": "OAuthException", "code": code, "error_data": {"details": message}}});
    (status, None, body)
}

impl FakeGraph {
    pub fn start() -> FakeGraph {
        let shared = Arc::new(Mutex::new(Shared::default()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::clone(&shared);
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let app = axum::Router::new()
                    .route("/{version}/{phone}/media", axum::routing::post(upload))
                    .fallback(answer)
                    .with_state(state);
                axum::serve(listener, app).await.unwrap();
            });
        });
        FakeGraph { addr, shared, _thread: thread }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answers the next POSTs with these, in order.
    pub fn script(&self, answers: impl IntoIterator<Item = Answer>) {
        self.shared.lock().unwrap().script.extend(answers);
    }

    /// Makes every later answer take `delay`, as a slow Graph API does.
    pub fn set_delay(&self, delay: std::time::Duration) {
        self.shared.lock().unwrap().delay = delay;
    }

    /// Answers `method path` with `answer` from now on (every time), when the query contains
    /// `query` ('' for any). Routes set first win.
    pub fn on(&self, method: &str, path: &str, query: &str, answer: Answer) {
        self.shared.lock().unwrap().routes.push((method.into(), path.into(), query.into(), answer));
    }

    /// Refuses every request not authorised with this token (`Bearer` or, for uploads, `OAuth`).
    pub fn require_token(&self, token: &str) {
        self.shared.lock().unwrap().token = Some(token.into());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().unwrap().requests.clone()
    }

    pub fn posts(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.method == "POST").collect()
    }

    /// The media uploads received.
    pub fn uploads(&self) -> Vec<Recorded> {
        self.posts().into_iter().filter(|r| r.path.ends_with("/media")).collect()
    }

    /// The message POSTs received (texts, media messages, reactions, receipts).
    pub fn messages(&self) -> Vec<Recorded> {
        self.posts().into_iter().filter(|r| r.path.ends_with("/messages")).collect()
    }
}

/// POST /{version}/{phone}/media: reads the multipart form as Meta would, records its fields
/// and the file's bytes, answers `{"id": "MEDIA<n>"}` unless the script says otherwise. A form
/// without `messaging_product`, `type` or `file` is refused the way Meta refuses it (400, #100).
async fn upload(
    State(shared): State<Arc<Mutex<Shared>>>,
    uri: Uri,
    headers: HeaderMap,
    mut form: axum::extract::Multipart,
) -> Response {
    let mut fields = serde_json::Map::new();
    let mut file = None;
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            fields.insert(
                "file".into(),
                serde_json::json!({"filename": field.file_name(), "content_type": field.content_type()}),
            );
            file = field.bytes().await.ok().map(|b| b.to_vec());
        } else {
            fields.insert(name, field.text().await.unwrap_or_default().into());
        }
    }
    let complete = ["messaging_product", "type", "file"].iter().all(|k| fields.contains_key(*k));
    let mut shared = shared.lock().unwrap();
    shared.requests.push(Recorded {
        method: "POST".into(),
        path: uri.path().to_string(),
        authorization: headers.get("authorization").and_then(|v| v.to_str().ok()).map(String::from),
        content_type: headers.get("content-type").and_then(|v| v.to_str().ok()).map(String::from),
        body: serde_json::Value::Object(fields),
        query: uri.query().unwrap_or_default().to_string(),
        raw: Vec::new(),
        file_offset: None,
        file,
    });
    let (status, _, json) = if complete {
        shared
            .script
            .pop_front()
            .unwrap_or_else(|| (200, None, serde_json::json!({"id": format!("MEDIA{}", shared.uploaded)})))
    } else {
        error(400, 100, "Param file must be a file with one of the following types")
    };
    if status == 200 {
        shared.uploaded += 1;
    }
    (StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], json.to_string())
        .into_response()
}

async fn answer(
    State(shared): State<Arc<Mutex<Shared>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(String::from);
    let path = uri.path().to_string();
    let delay = shared.lock().unwrap().delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let query = uri.query().unwrap_or_default().to_string();
    let mut shared = shared.lock().unwrap();
    shared.requests.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        query: query.clone(),
        raw: body.to_vec(),
        file_offset: header("file_offset"),
        file: None,
    });
    if let Some(token) = &shared.token {
        let given = header("authorization").unwrap_or_default();
        if given != format!("Bearer {token}") && given != format!("OAuth {token}") {
            let body = serde_json::json!({"error": {"message": "Invalid OAuth access token - Cannot parse access token",
                "type": "OAuthException", "code": 190, "fbtrace_id": "Afake"}});
            return json_response(401, &body);
        }
    }
    let route = shared
        .routes
        .iter()
        .find(|(m, p, q, _)| *m == method.as_str() && *p == path && query.contains(q.as_str()));
    if let Some((_, _, _, (status, _, json))) = route {
        return json_response(*status, json);
    }
    if method == Method::GET {
        return media(&path, &header("host").unwrap_or_default());
    }
    let (status, retry_after, json) = shared.script.pop_front().unwrap_or_else(|| {
        if path.ends_with("/smb_app_data") {
            return (200, None, serde_json::json!({"messaging_product": "whatsapp", "request_id": "REQ1"}));
        }
        let id = format!("wamid.OUT{}", shared.sent);
        (
            200,
            None,
            serde_json::json!({"messaging_product": "whatsapp",
            "contacts": [{"input": "x", "wa_id": "x"}], "messages": [{"id": id}]}),
        )
    });
    if retry_after == Some(DROP) {
        // Promises more bytes than it sends: the client sees the connection end mid-answer.
        let mut response = (StatusCode::OK, "{\"partial").into_response();
        response.headers_mut().insert("content-length", "1000".parse().unwrap());
        return response;
    }
    if status == 200 {
        shared.sent += 1;
    }
    let mut response =
        (StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], json.to_string())
            .into_response();
    if let Some(after) = retry_after {
        response.headers_mut().insert("retry-after", after.parse().unwrap());
    }
    response
}

/// GET /{version}/{media id}: where to download; GET /download/{media id}: the bytes.
fn media(path: &str, host: &str) -> Response {
    if let Some(id) = path.strip_prefix("/download/") {
        return (StatusCode::OK, format!("bytes of {id}")).into_response();
    }
    let id = path.rsplit('/').next().unwrap_or_default();
    let info = serde_json::json!({"messaging_product": "whatsapp",
        "url": format!("http://{host}/download/{id}"), "mime_type": "image/jpeg", "id": id});
    (StatusCode::OK, info.to_string()).into_response()
}

fn json_response(status: u16, body: &serde_json::Value) -> Response {
    (StatusCode::from_u16(status).unwrap(), [("content-type", "application/json")], body.to_string())
        .into_response()
}
