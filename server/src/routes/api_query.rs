//! `ApiQuery<T>`: a query string read into `T`, as `axum::extract::Query` reads it, except that
//! one that does not read (a parameter given twice, a value of the wrong kind) is refused as
//! the API refuses everything, `400 invalid_query` in JSON, not in axum's plain text.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::api_error::Failure;

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Failure> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(query)| Self(query))
            .map_err(|_| Failure::InvalidQuery)
    }
}
