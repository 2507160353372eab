//! A web application firewall in front of the API (`--firewall`): it
//! refuses requests with its own HTML page and a 403 before the API sees
//! them, as corporate gateways and CDN shields do. A client must not take
//! its 403 for the provider's verdict on the token.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The page's title, which a client can show.
pub const TITLE: &str = "Access Denied";

/// The firewall's refusal.
pub(crate) fn refusal() -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{TITLE}</title></head>\n<body><h1>{TITLE}</h1>\n\
         <p>You don't have permission to access this resource.</p>\n\
         <p>Reference #18.5f3a2c17.sandbox</p></body></html>\n"
    );
    let mut response = (StatusCode::FORBIDDEN, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
