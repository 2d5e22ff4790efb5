/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word_lower = word.to_lowercase();
    // Fewest edits first; among equals, the most similar by Jaro-Winkler.
    candidates
        .into_iter()
        .map(|c| {
            let lower = c.to_lowercase();
            let edits = strsim::damerau_levenshtein(&word_lower, &lower);
            (c, edits, strsim::jaro_winkler(&word_lower, &lower))
        })
        .filter(|&(c, edits, jw)| {
            edits <= (word.len() / 3).max(1)
                || jw >= 0.85
                || (c.len() > 3 && word.len() > 3 && c.contains(&word_lower))
        })
        .min_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)))
        .map(|(c, _, _)| c)
}

/// "did you mean `price`?" or, failing that, the list of valid names.
pub fn suggestion_hint<'a, I>(word: &str, candidates: I, what: &str) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let candidates = candidates.into_iter();
    if let Some(best) = did_you_mean(word, candidates.clone()) {
        return Some(format!("did you mean `{best}`?"));
    }
    let all: Vec<String> = candidates.map(|c| format!("`{c}`")).collect();
    match all.len() {
        0 => None,
        1..=12 => Some(format!("{what}: {}", all.join(", "))),
        n => Some(format!(
            "{what}: {} and {} more",
            all[..12].join(", "),
            n - 12
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["price", "payer", "threshold"];
        assert_eq!(did_you_mean("prise", names), Some("price"));
        assert_eq!(did_you_mean("treshold", names), Some("threshold"));
        assert_eq!(did_you_mean("zzz", names), None);
        assert_eq!(did_you_mean("prise", ["prices", "price"]), Some("price"));
    }

    #[test]
    fn hint_lists_names_when_nothing_is_close() {
        let hint = suggestion_hint("zzz", ["a1", "b2"], "the cohorts defined here");
        assert_eq!(
            hint.as_deref(),
            Some("the cohorts defined here: `a1`, `b2`")
        );
    }
}
