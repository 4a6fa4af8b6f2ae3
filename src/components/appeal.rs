use leptos::prelude::*;
use upprop_core::Locale;

use crate::content::Content;
use crate::dom::focus_within;
use upprop_core::i18n::Strings;
use web_sys::Node;

pub(super) fn paragraphs(texts: &'static [String]) -> impl IntoView {
    texts
        .iter()
        .map(|text| view! { <p>{text.as_str()}</p> })
        .collect_view()
}

/// What a signer needs before signing: the title, the opening of the story, the demands and
/// the figure. The rest of the story folds away so the form stays close on a phone.
#[component]
pub fn Appeal(content: &'static Content, locale: Locale) -> impl IntoView {
    let text = &content.text;
    let strings = Strings::of(locale);
    let (lead, rest) = text
        .story
        .split_first()
        .map_or((None, &[][..]), |(l, r)| (Some(l), r));
    view! {
        <header class="appeal">
            <h2 class="title">{text.title.as_str()}</h2>
            {lead.map(|lead| view! { <p class="lead">{lead.as_str()}</p> })}
            <details class="story">
                <summary>{strings.read_story}</summary>
                {paragraphs(rest)}
            </details>
            <p class="call-to-action">{text.call_to_action.as_str()}</p>
            // On a phone the demands fill screens; this takes the signer straight to the form.
            <button
                type="button"
                class="jump"
                on:click=|event| focus_within(&event_target::<Node>(&event), "[name=first_name]")
            >
                {strings.jump_to_form}
            </button>
        </header>
        <section class="demands" aria-labelledby="demands-heading">
            <h3 id="demands-heading">{text.demands_heading.as_str()}</h3>
            <ol>
                {text.demands.iter().map(|demand| view! { <li>{demand.as_str()}</li> }).collect_view()}
            </ol>
        </section>
        <aside class="statistic">
            <p class="statistic-source">{text.statistic.source.as_str()}</p>
            <p>
                <strong class="figure">{text.statistic.figure.as_str()}</strong>
                " "
                {text.statistic.text.as_str()}
            </p>
        </aside>
    }
}

/// After the form: why it matters, the children remembered, and who stands behind the appeal.
#[component]
pub fn AppealBackground(content: &'static Content, locale: Locale) -> impl IntoView {
    let text = &content.text;
    let strings = Strings::of(locale);
    let organizer = &content.organizer;
    view! {
        <section class="closing">{paragraphs(&text.closing)}</section>
        <details class="memorial">
            <summary>{strings.read_memorial}</summary>
            <p>{text.memorial_heading.as_str()}</p>
            <ul>
                {content
                    .memorial
                    .iter()
                    .map(|child| {
                        view! {
                            <li>
                                <span class="name">{child.name.as_str()}</span>
                                ", "
                                {(strings.age)(child.age)}
                                " – †"
                                {child.died}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {paragraphs(&text.memorial_epilogue)}
        </details>
        <footer class="organizer">
            <p>
                {strings.organizer_heading} " "
                <a href=organizer.website.as_str() target="_blank" rel="noopener">
                    {organizer.name.as_str()}
                </a>
            </p>
            <p>
                <a href=["mailto:", &organizer.email].concat()>{strings.contact_organizer}</a>
            </p>
            <ul class="links">
                {content
                    .links
                    .iter()
                    .map(|link| {
                        view! {
                            <li>
                                <a href=link.url.as_str() target="_blank" rel="noopener">
                                    {link.label.as_str()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="hashtags">{content.hashtags.join(" ")}</p>
        </footer>
    }
}
