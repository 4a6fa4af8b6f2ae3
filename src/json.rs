//! The endpoint's JSON, read and written through the browser's own `JSON` and plain objects.
//! A Rust JSON library (its parser, its generic visitors, its float formatting) would be the
//! largest part of the bundle; the few shapes the widget reads are spelled out where they are
//! read (`content`, `api`, `saved_draft`).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A parsed JSON value. Reading a key that is missing, or of another type, gives the empty
/// value of the type asked for: the reader decides what an absent value means.
#[derive(Clone)]
pub struct Json(pub JsValue);

impl Json {
    pub fn parse(text: &str) -> Option<Self> {
        js_sys::JSON::parse(text).ok().map(Self)
    }

    pub fn get(&self, key: &str) -> Json {
        // `Reflect.get` throws on `undefined` and `null`; a missing key is undefined.
        Json(Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED))
    }

    pub fn is_object(&self) -> bool {
        self.0.is_object()
    }

    pub fn as_string(&self) -> Option<String> {
        self.0.as_string()
    }

    pub fn string(&self, key: &str) -> String {
        self.get(key).as_string().unwrap_or_default()
    }

    pub fn optional_string(&self, key: &str) -> Option<String> {
        self.get(key).as_string()
    }

    pub fn bool(&self, key: &str) -> bool {
        self.get(key).0.as_bool().unwrap_or(false)
    }

    /// A whole, non-negative number; JSON numbers are doubles, exact up to 2^53.
    pub fn count(&self, key: &str) -> Option<u64> {
        self.get(key)
            .0
            .as_f64()
            .filter(|n| *n >= 0.0 && n.fract() == 0.0)
            .map(|n| n as u64)
    }

    pub fn list(&self, key: &str) -> Vec<Json> {
        let value = self.get(key).0;
        if !Array::is_array(&value) {
            return Vec::new();
        }
        Array::from(&value).iter().map(Json).collect()
    }

    pub fn strings(&self, key: &str) -> Vec<String> {
        self.list(key).iter().filter_map(Json::as_string).collect()
    }
}

/// A JSON object with `entries`, in order. `JSON.stringify` leaves out undefined values, so
/// an absent optional is `JsValue::UNDEFINED`.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&object, &JsValue::from_str(key), value);
    }
    object.into()
}

pub fn array(items: impl IntoIterator<Item = JsValue>) -> JsValue {
    items.into_iter().collect::<Array>().into()
}

pub fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}
