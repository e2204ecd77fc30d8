import BriefingCore

/// The order of names in the profiles index: a folded key (case and accents ignored, so "Álvarez"
/// sorts with A), surname first for people.
///
/// A person's surname is the last word of the name. For people from Spanish-speaking countries (the
/// profile's `country`) a name of three or more words ends with two surnames, paternal then maternal,
/// and sorts by the first of them: "Pedro Carmona Estanga" sorts as "Carmona Estanga, Pedro", with C;
/// "Delcy Rodríguez" as "Rodríguez, Delcy", with R. Lowercase particles before the surname ("de",
/// "van") stay with the given names ("Ludwig van Beethoven" sorts with B).
/// Organizations and places sort by their whole name. Ties fall back to the id, so the order is total.
enum NameCollation {
    static let spanishSpeaking: Set<String> = [
        "argentina", "bolivia", "chile", "colombia", "costa rica", "cuba", "dominican republic", "ecuador",
        "el salvador", "equatorial guinea", "guatemala", "honduras", "mexico", "nicaragua", "panama", "paraguay",
        "peru", "puerto rico", "spain", "uruguay", "venezuela",
    ]
    static let particles: Set<String> = [
        "de", "del", "la", "las", "los", "y", "van", "von", "der", "den", "da", "di", "du", "le",
    ]

    static func key(_ profile: Profile) -> String {
        key(name: profile.name, kind: profile.kind, country: profile.country) + "\u{0}" + profile.id
    }

    static func key(name: String, kind: Profile.Kind, country: String?) -> String {
        guard kind == .person else { return name.folded }
        let (surname, given) = split(name: name, country: country)
        return given.isEmpty ? surname.folded : surname.folded + "\u{1}" + given.folded
    }

    /// The part of a person's name that sorts first, and the rest.
    static func split(name: String, country: String?) -> (surname: String, given: String) {
        let words = name.split(separator: " ").map(String.init)
        guard words.count > 1 else { return (name, "") }
        let twoSurnames = words.count >= 3 && spanishSpeaking.contains(country?.folded ?? "")
        var start = words.count - 1
        if twoSurnames {
            // The maternal surname may carry particles ("Fernández de Kirchner"); the paternal one precedes them.
            start -= 1
            while start > 1, particles.contains(words[start]) { start -= 1 }
        }
        return (words[start...].joined(separator: " "), words[..<start].joined(separator: " "))
    }

    /// The letter a name is filed under in the index: the first letter of its folded key, uppercased.
    static func initial(_ profile: Profile) -> String {
        guard let first = key(name: profile.name, kind: profile.kind, country: profile.country).first,
            first.isLetter
        else { return "#" }
        return String(first).uppercased()
    }
}
