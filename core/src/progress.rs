//! How far a petition has come, as the widget and the landing page both show it: the goal a
//! progress bar runs towards, and counts written the way each language writes numbers.

use crate::Locale;

/// The goals a petition climbs when its organiser has set none, or has passed theirs, as the
/// large petition sites do; past the last rung each goal doubles.
pub const GOAL_LADDER: [u64; 12] = [
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
];

/// The goal to show for `confirmed` signatures: the organiser's while it is ahead, else the
/// first rung of the ladder above the count. Always greater than `confirmed`.
pub fn goal_for(confirmed: u64, organizers_goal: Option<u64>) -> u64 {
    if let Some(goal) = organizers_goal.filter(|&goal| goal > confirmed) {
        return goal;
    }
    if let Some(&rung) = GOAL_LADDER.iter().find(|&&rung| rung > confirmed) {
        return rung;
    }
    let mut goal = GOAL_LADDER[GOAL_LADDER.len() - 1];
    while goal <= confirmed {
        goal = goal.saturating_mul(2);
        if goal == u64::MAX {
            break;
        }
    }
    goal
}

/// `12345` as `12 345` in Swedish (with a no-break space) and `12,345` in English. Integer
/// digits only: no float or locale tables, which would weigh down the widget.
pub fn format_count(number: u64, locale: Locale) -> String {
    let separator = match locale {
        Locale::Sv => '\u{a0}',
        Locale::En => ',',
    };
    let digits = number.to_string();
    let mut grouped = String::with_capacity(digits.len() * 2);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ladder_steps_up_at_its_edges() {
        for (confirmed, goal) in [
            (0, 100),
            (99, 100),
            (100, 250),
            (101, 250),
            (499_999, 500_000),
            (500_000, 1_000_000),
            (999_999, 1_000_000),
            (1_000_000, 2_000_000),
            (1_000_001, 2_000_000),
            (4_000_000, 8_000_000),
        ] {
            assert_eq!(goal_for(confirmed, None), goal, "{confirmed}");
        }
    }

    #[test]
    fn the_organizers_goal_holds_until_it_is_reached() {
        assert_eq!(goal_for(0, Some(50_000)), 50_000);
        assert_eq!(goal_for(49_999, Some(50_000)), 50_000);
        assert_eq!(goal_for(50_000, Some(50_000)), 100_000);
        assert_eq!(goal_for(60_000, Some(50_000)), 100_000);
        assert_eq!(goal_for(0, Some(0)), 100);
    }

    #[test]
    fn the_goal_is_always_ahead_even_at_the_end_of_numbers() {
        assert_eq!(goal_for(u64::MAX - 1, None), u64::MAX);
    }

    #[test]
    fn counts_are_grouped_by_thousands_per_language() {
        assert_eq!(format_count(0, Locale::En), "0");
        assert_eq!(format_count(999, Locale::En), "999");
        assert_eq!(format_count(12_345, Locale::En), "12,345");
        assert_eq!(format_count(12_345, Locale::Sv), "12\u{a0}345");
        assert_eq!(format_count(1_234_567, Locale::Sv), "1\u{a0}234\u{a0}567");
    }
}
