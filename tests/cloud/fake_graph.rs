//! A fake Graph API on 127.0.0.1: records every request and answers POSTs from a script (then
//! "accepted" with a fresh wamid); serves media info and media bytes for downloads.
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
    pub body: serde_json::Value,
}

/// A scripted answer: HTTP status, optional Retry-After, JSON body.
pub type Answer = (u16, Option<&'static str>, serde_json::Value);

#[derive(Default)]
struct Shared {
    requests: Vec<Recorded>,
    script: VecDeque<Answer>,
    sent: u32,
}

pub struct FakeGraph {
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    _thread: std::thread::JoinHandle<()>,
}

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
                let app = axum::Router::new().fallback(answer).with_state(state);
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

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.lock().unwrap().requests.clone()
    }

    pub fn posts(&self) -> Vec<Recorded> {
        self.requests().into_iter().filter(|r| r.method == "POST").collect()
    }
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
    let mut shared = shared.lock().unwrap();
    shared.requests.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        authorization: header("authorization"),
        content_type: header("content-type"),
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    });
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
