use leptos::prelude::*;

/// A labelled text input (or, `multiline`, a textarea) with its hint and its error message,
/// both tied to it with `aria-describedby` so screen readers read them with the field.
#[component]
pub fn TextField(
    /// The field's name in the form and on the wire (`first_name`), and its element's id.
    name: &'static str,
    /// What the label says.
    label: &'static str,
    /// What is typed, kept in the draft.
    value: RwSignal<String>,
    /// Why the field was refused, in the signer's language; `None` while it is fine.
    error: Signal<Option<String>>,
    /// The most characters it takes (`maxlength`).
    max_chars: usize,
    /// What the browser may fill it with (`autocomplete`).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// The input's `type` (`email`); text by default.
    #[prop(optional)]
    input_type: Option<&'static str>,
    /// The keyboard a phone shows (`inputmode`: `numeric` for a postal code).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Shown after the label when the field may be left empty.
    #[prop(optional)]
    optional_note: Option<&'static str>,
    /// Said under the label, and read with the field.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// A textarea rather than one line.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described_by = {
        let hint_id = hint.map(|_| hint_id.clone());
        let error_id = error_id.clone();
        move || {
            let ids: Vec<&str> = hint_id
                .as_deref()
                .into_iter()
                .chain(error.with(Option::is_some).then_some(error_id.as_str()))
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let required = optional_note.is_none().then_some("true");
    let on_input = move |ev| value.set(event_target_value(&ev));

    // Both shapes as optional children rather than one type-erased view: erasing a view's
    // type costs the bundle several kilobytes per erased type.
    let (input, area) = if multiline {
        let area = view! {
            <textarea
                id=name
                name=name
                rows="3"
                maxlength=max_chars
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            ></textarea>
        };
        (None, Some(area))
    } else {
        let input = view! {
            <input
                id=name
                name=name
                type=input_type.unwrap_or("text")
                inputmode=inputmode
                autocomplete=autocomplete
                maxlength=max_chars
                aria-required=required
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=on_input
            />
        };
        (Some(input), None)
    };

    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=name>
                {label}
                {optional_note.map(|note| view! { " " <span class="note">{note}</span> })}
            </label>
            {input}
            {area}
            {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || error.get().map(|message| view! { <p class="error" id=error_id.clone()>{message}</p> })}
        </div>
    }
}
