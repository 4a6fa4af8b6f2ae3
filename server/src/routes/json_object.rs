//! `JsonObject<T>`: a JSON body read into `T`, as `axum::Json` reads it, except that it must be
//! an object. serde reads an array into a struct field by field (`[]` is a struct whose fields
//! all have defaults), which no API document that says `type: object` allows.

use axum::Json;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::api_error::Failure;

pub struct JsonObject<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonObject<T> {
    type Rejection = Failure;

    async fn from_request(request: Request, state: &S) -> Result<Self, Failure> {
        let Json(raw) = Json::<Box<RawValue>>::from_request(request, state).await?;
        if !raw.get().trim_start().starts_with('{') {
            return Err(Failure::MalformedJson);
        }
        serde_json::from_str(raw.get())
            .map(Self)
            .map_err(|_| Failure::MalformedJson)
    }
}
