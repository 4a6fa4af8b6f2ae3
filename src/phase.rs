//! Where a signing stands, and what the form says of it: the form's model of sending, apart
//! from the DOM it is shown in (`signing_form`), and tested natively.

use upprop_core::i18n::Strings;
use upprop_core::proof::Challenge;

use crate::api::SubmitError;
use crate::delivery::pause_after;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Editing,
    Sending,
    /// Kept, and sent again by itself after this failure (see `delivery`).
    Waiting(SubmitError),
    /// Refused for good.
    Failed(SubmitError),
    /// Acknowledged: the form gives way to the thanks.
    Signed,
}

impl Phase {
    /// What the form says above its button: why the signature waits (and whether it waits
    /// across a reload, `kept`), or why it was refused.
    pub fn failure(&self, kept: bool, strings: &Strings) -> Option<&'static str> {
        Some(match self {
            Self::Waiting(SubmitError::Unreachable) if kept => strings.kept_unreachable,
            Self::Waiting(SubmitError::Unreachable) => strings.kept_unreachable_in_page,
            Self::Waiting(_) if kept => strings.kept_busy,
            Self::Waiting(_) => strings.kept_busy_in_page,
            Self::Failed(SubmitError::PetitionGone) => strings.petition_gone,
            Self::Failed(SubmitError::Closed) => strings.petition_closed,
            Self::Failed(_) => strings.refused,
            Self::Editing | Self::Sending | Self::Signed => return None,
        })
    }

    /// What the button says.
    pub fn button_label(&self, strings: &Strings) -> &'static str {
        match self {
            Self::Sending => strings.sending,
            Self::Waiting(_) | Self::Failed(_) => strings.retry,
            Self::Editing | Self::Signed => strings.submit,
        }
    }
}

/// How many times in a row the endpoint may ask for (harder) work before the signature waits
/// like one for a busy endpoint.
const WORK_ROUNDS: u32 = 3;

/// What the delivery loop does after an attempt.
#[derive(Debug, PartialEq)]
pub enum Next {
    /// Do the work the endpoint asks for, and send again at once.
    Solve(Challenge),
    /// Wait this many milliseconds (or until woken), then send again.
    Wait(u32),
    /// Stop: the endpoint has the signature, or refused it for good.
    Stop,
}

/// Counts a delivery's attempts: what comes after each outcome.
#[derive(Debug, Default)]
pub struct Attempts {
    waits: u32,
    work_rounds: u32,
}

impl Attempts {
    /// What follows `outcome` (an error, or `None` for success).
    pub fn after(&mut self, outcome: Option<&SubmitError>) -> Next {
        match outcome {
            Some(SubmitError::NeedsWork(challenge)) if self.work_rounds < WORK_ROUNDS => {
                self.work_rounds += 1;
                Next::Solve(challenge.clone())
            }
            Some(error) if error.is_transient() => {
                let pause = pause_after(error, self.waits);
                self.waits += 1;
                Next::Wait(pause)
            }
            _ => Next::Stop,
        }
    }

    /// Whether the signature waited before it was sent.
    pub fn waited(&self) -> bool {
        self.waits > 0
    }
}

#[cfg(test)]
mod tests {
    use upprop_core::Locale;

    use super::*;

    #[test]
    fn the_form_says_why_a_signature_waits_and_whether_a_reload_keeps_it() {
        let strings = Strings::of(Locale::Sv);
        let down = Phase::Waiting(SubmitError::Unreachable);
        assert_eq!(down.failure(true, strings), Some(strings.kept_unreachable));
        assert_eq!(
            down.failure(false, strings),
            Some(strings.kept_unreachable_in_page)
        );
        let busy = Phase::Waiting(SubmitError::ServerFailed);
        assert_eq!(
            busy.failure(false, strings),
            Some(strings.kept_busy_in_page)
        );
        assert_eq!(
            Phase::Failed(SubmitError::Closed).failure(true, strings),
            Some(strings.petition_closed)
        );
        assert_eq!(
            Phase::Failed(SubmitError::Refused).failure(true, strings),
            Some(strings.refused)
        );
        for quiet in [Phase::Editing, Phase::Sending, Phase::Signed] {
            assert_eq!(quiet.failure(true, strings), None);
        }
        assert_eq!(Phase::Sending.button_label(strings), strings.sending);
        assert_eq!(down.button_label(strings), strings.retry);
        assert_eq!(Phase::Editing.button_label(strings), strings.submit);
    }

    #[test]
    fn work_is_done_a_few_rounds_then_the_signature_waits_with_growing_pauses() {
        let challenge = Challenge {
            salt: "s".into(),
            difficulty: 4,
            signature: "t".into(),
        };
        let asked = SubmitError::NeedsWork(challenge.clone());
        let mut attempts = Attempts::default();
        for _ in 0..WORK_ROUNDS {
            assert_eq!(attempts.after(Some(&asked)), Next::Solve(challenge.clone()));
        }
        assert!(!attempts.waited());
        assert_eq!(attempts.after(Some(&asked)), Next::Wait(2_000));
        assert_eq!(
            attempts.after(Some(&SubmitError::Unreachable)),
            Next::Wait(4_000)
        );
        assert!(attempts.waited());
        assert_eq!(attempts.after(Some(&SubmitError::Refused)), Next::Stop);
        assert_eq!(attempts.after(None), Next::Stop);
    }
}
