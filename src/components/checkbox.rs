use leptos::prelude::*;

/// A checkbox with its label text beside it and, when refused, the reason below it.
/// Never pre-ticked: consent must be an act of the signer.
#[component]
pub fn Checkbox(
    /// The box's name in the form (`consent_{id}`), and its element's id.
    name: String,
    /// What ticking it agrees to: the consent's words as the content gives them.
    label: String,
    /// Whether it is ticked, kept in the draft.
    checked: RwSignal<bool>,
    /// Shown after the label: whether the box is needed to sign, or optional.
    #[prop(optional)]
    note: Option<&'static str>,
    /// Needed to sign: screen readers say so.
    #[prop(optional)]
    required: bool,
    /// Why it was refused (left unticked though needed); `None` while it is fine.
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_default();
    let error_id = format!("{name}-error");
    let described_by = {
        let error_id = error_id.clone();
        move || error.with(Option::is_some).then(|| error_id.clone())
    };
    view! {
        <div class="checkbox" class:invalid=move || error.with(Option::is_some)>
            <input
                type="checkbox"
                id=name.clone()
                name=name.clone()
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <label for=name>
                {label}
                {note.map(|note| view! { " " <span class="note">{note}</span> })}
            </label>
            {move || error.get().map(|message| view! { <p class="error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}
