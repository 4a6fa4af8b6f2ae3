//! Charts drawn by the server as SVG: readable without JavaScript or a chart library, each
//! with a table of the same numbers as its text alternative.

use maud::{Markup, html};

const WIDTH: u64 = 400;
const HEIGHT: u64 = 170;
/// Room for the axis labels below the bars and the scale on the left.
const BOTTOM: u64 = 22;
const LEFT: u64 = 36;

/// One bar: its label under the axis (empty: none, where labels would crowd) and in the
/// table, and its value.
pub struct Column {
    pub axis_label: String,
    pub label: String,
    pub value: u64,
}

/// A column chart titled `title`, with the table of its numbers (headed `label_heading` and
/// `value_heading`) folded beneath it.
pub fn columns(
    id: &str,
    title: &str,
    label_heading: &str,
    value_heading: &str,
    columns: &[Column],
) -> Markup {
    let top = columns.iter().map(|c| c.value).max().unwrap_or(0).max(1);
    let plot_height = HEIGHT - BOTTOM - 8;
    let slot = (WIDTH - LEFT) as f64 / columns.len().max(1) as f64;
    // A lone bar stays a bar, not a wall.
    let bar_width = (slot * 0.8).clamp(1.0, 40.0);
    let total: u64 = columns.iter().map(|c| c.value).sum();
    html! {
        figure.chart {
            svg role="img" aria-labelledby={ (id) "-title" } viewBox={ "0 0 " (WIDTH) " " (HEIGHT) } {
                title id={ (id) "-title" } { (title) ": " (total) }
                line x1=(LEFT) y1=(HEIGHT - BOTTOM) x2=(WIDTH) y2=(HEIGHT - BOTTOM) stroke="#6b6b6b" {}
                text x=(LEFT - 4) y="12" text-anchor="end" font-size="12" fill="#444" { (top) }
                text x=(LEFT - 4) y=(HEIGHT - BOTTOM) text-anchor="end" font-size="12" fill="#444" { "0" }
                @for (index, column) in columns.iter().enumerate() {
                    @let height = column.value as f64 / top as f64 * plot_height as f64;
                    @let x = LEFT as f64 + index as f64 * slot + (slot - bar_width) / 2.0;
                    rect.bar x=(format!("{x:.1}")) y=(format!("{:.1}", (HEIGHT - BOTTOM) as f64 - height))
                        width=(format!("{bar_width:.1}")) height=(format!("{height:.1}"))
                        fill="#b3261e" data-label=(column.label) data-value=(column.value) {
                        title { (column.label) ": " (column.value) }
                    }
                    @if !column.axis_label.is_empty() {
                        text x=(format!("{:.1}", x + bar_width / 2.0)) y=(HEIGHT - 6) text-anchor="middle"
                            font-size="12" fill="#444" { (column.axis_label) }
                    }
                }
            }
            figcaption { (title) }
            details {
                summary { "Siffrorna i tabellform" }
                table {
                    thead { tr { th scope="col" { (label_heading) } th scope="col" { (value_heading) } } }
                    tbody {
                        @for column in columns {
                            tr { td { (column.label) } td.number { (column.value) } }
                        }
                    }
                }
            }
        }
    }
}

/// A table of counts with a bar in each row, the longest for the largest count.
pub fn bars(caption: &str, label_heading: &str, rows: &[(String, u64)]) -> Markup {
    let top = rows
        .iter()
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0)
        .max(1);
    html! {
        table.bars {
            caption { (caption) }
            thead { tr { th scope="col" { (label_heading) } th scope="col" { "Antal" } th { span.visually-hidden { "Stapel" } } } }
            tbody {
                @for (label, count) in rows {
                    tr {
                        td.label { (label) }
                        td.number { (count) }
                        td.bar-cell {
                            svg aria-hidden="true" viewBox="0 0 100 10" preserveAspectRatio="none" {
                                rect width=(format!("{:.1}", *count as f64 / top as f64 * 100.0)) height="10" fill="#b3261e" {}
                            }
                        }
                    }
                }
                @if rows.is_empty() {
                    tr { td colspan="3" { "Inga bekräftade underskrifter än." } }
                }
            }
        }
    }
}
