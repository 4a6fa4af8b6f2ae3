//! The widget's side of the proof of work (`upprop_core::proof`): solved in slices of a few
//! milliseconds between which the browser draws and takes keystrokes, and started as soon as
//! the signer starts on the form, so it is usually done before they press the button.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Promise, Reflect};
use upprop_core::proof::{Challenge, Proof, search};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::json::{self, Json};

/// Nonces tried between two looks at the clock.
const BATCH: u64 = 500;
/// Work this long, then let the page breathe: well under a frame on a fast phone, and far
/// from a long task (50 ms) on a slow one.
const SLICE_MS: f64 = 12.0;

/// The endpoint's current challenge, and the proof found for it, for one signing at a time.
#[derive(Clone)]
pub struct Solver(Rc<RefCell<State>>);

struct State {
    challenge: Option<Challenge>,
    solved: Option<(String, Proof)>,
    solving: bool,
}

impl Solver {
    /// `None`: the endpoint asks for no work, and none is done.
    pub fn new(challenge: Option<Challenge>) -> Self {
        Self(Rc::new(RefCell::new(State {
            challenge,
            solved: None,
            solving: false,
        })))
    }

    /// The endpoint asked for other work (harder, or a fresh challenge).
    pub fn replace(&self, challenge: Challenge) {
        let mut state = self.0.borrow_mut();
        state.challenge = Some(challenge);
        state.solved = None;
    }

    /// Starts on the work for signing `id` in the background.
    pub fn start(&self, id: String) {
        let solver = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            solver.proof(&id).await;
        });
    }

    /// `body` (a signature's JSON) with the proof of the current challenge for its id; as it
    /// is when no work is asked for.
    pub async fn attach(&self, body: String) -> String {
        let Some(parsed) = Json::parse(&body) else {
            return body;
        };
        match self.proof(&parsed.string("id")).await {
            Some(proof) => {
                let proof = json::object(&[
                    ("salt", proof.salt.as_str().into()),
                    ("difficulty", f64::from(proof.difficulty).into()),
                    ("signature", proof.signature.as_str().into()),
                    ("nonce", (proof.nonce as f64).into()),
                ]);
                let _ = Reflect::set(&parsed.0, &JsValue::from_str("proof"), &proof);
                json::stringify(&parsed.0)
            }
            None => body,
        }
    }

    async fn proof(&self, id: &str) -> Option<Proof> {
        loop {
            let challenge = {
                let state = self.0.borrow();
                let challenge = state.challenge.clone()?;
                if let Some((solved_for, proof)) = &state.solved
                    && solved_for == id
                    && proof.signature == challenge.signature
                {
                    return Some(proof.clone());
                }
                if state.solving { None } else { Some(challenge) }
            };
            let Some(challenge) = challenge else {
                // Another task is at it: wait for its result.
                pause().await;
                continue;
            };
            self.0.borrow_mut().solving = true;
            let proof = solve(&challenge, id).await;
            let mut state = self.0.borrow_mut();
            state.solving = false;
            // Kept only if the challenge was not replaced meanwhile.
            if state.challenge.as_ref() == Some(&challenge) {
                state.solved = Some((id.to_owned(), proof));
            }
        }
    }
}

async fn solve(challenge: &Challenge, id: &str) -> Proof {
    let performance = web_sys::window().and_then(|window| window.performance());
    let now = || performance.as_ref().map_or(0.0, |p| p.now());
    let mut from = 0u64;
    let mut slice_started = now();
    loop {
        if let Some(nonce) = search(challenge, id, from, BATCH) {
            return Proof::of(challenge, nonce);
        }
        from += BATCH;
        if now() - slice_started > SLICE_MS {
            pause().await;
            slice_started = now();
        }
    }
}

/// Gives the browser its turn: a timer of 0 ms.
async fn pause() {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(promise).await;
}
