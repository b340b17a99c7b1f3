import Foundation
import NollyValues

extension CastingRecommender {
    /// Why a candidate ranks where they do, in plain words, one line per thing the role asked for.
    func reasons(
        for candidate: CastingCandidate,
        _ role: CastingRole,
        _ part: [[Substring]]
    ) -> [String] {
        var reasons = [String]()
        let credits = matchingCredits(candidate, part)
        if credits > 0 {
            let part = role.roleName.isEmpty ? role.title : role.roleName
            let verb = role.kind == "crew" ? "worked as \(part.lowercased()) on" : "played \(Self.article(part)) in"
            reasons.append("\(verb) \(credits) credit\(credits == 1 ? "" : "s")")
        }
        if !role.languages.isEmpty {
            reasons.append("speaks " + Self.list(role.languages.map(\.capitalized)))
        }
        if let dates = role.shootingDates {
            let booked = candidate.bookedShootingDays.count
            let days = Self.days(dates)
            reasons.append(
                booked == 0
                    ? "available \(Self.spoken(dates))"
                    : "booked on \(booked) of \(days) shooting day\(days == 1 ? "" : "s")"
            )
        }
        if let budget = role.budgetPerDay {
            if let rate = candidate.dayRate {
                if rate.currency != budget.currency {
                    reasons.append("day rate in \(rate.currency), the budget is in \(budget.currency)")
                } else {
                    let relation = rate.minorUnits <= budget.minorUnits ? "within" : "over"
                    reasons.append("day rate \(Self.spoken(rate)) \(relation) \(Self.spoken(budget))")
                }
            } else {
                reasons.append("no day rate given")
            }
        }
        if let place = role.place {
            let name = role.placeLabel ?? place.description
            if let point = candidate.point {
                reasons.append("\(Int(point.kilometres(to: place).rounded())) km from \(name)")
            } else {
                reasons.append("no location given")
            }
        }
        if let average = candidate.ratingAverage, candidate.ratingCount > 0 {
            let stars = (average * 10).rounded() / 10
            reasons.append(
                "rated \(stars) from \(candidate.ratingCount) rating\(candidate.ratingCount == 1 ? "" : "s")"
            )
        } else {
            reasons.append("not rated yet")
        }
        return reasons
    }

    /// "a police officer", "an editor".
    static func article(_ part: String) -> String {
        let lower = part.lowercased()
        let vowel = lower.first.map { "aeiou".contains($0) } ?? false
        return (vowel ? "an " : "a ") + lower
    }

    /// "Yoruba", "Yoruba and Igbo", "Yoruba, Igbo and Hausa".
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }

    /// "3–20 March", "28 February–3 March", "30 December 2027–2 January 2028".
    static func spoken(_ dates: ClosedRange<CivilDate>) -> String {
        let from = dates.lowerBound.components
        let to = dates.upperBound.components
        let toText = "\(to.day) \(CivilDate.monthNames[to.month - 1])"
        if from.year != to.year {
            return "\(from.day) \(CivilDate.monthNames[from.month - 1]) \(from.year)–\(toText) \(to.year)"
        }
        if from.month != to.month { return "\(from.day) \(CivilDate.monthNames[from.month - 1])–\(toText)" }
        return from.day == to.day ? toText : "\(from.day)–\(toText)"
    }

    /// Symbols for the currencies casting budgets are mostly in; others are written as codes.
    static let currencySymbols = ["NGN": "₦", "GHS": "GH₵", "USD": "$", "GBP": "£", "EUR": "€", "KES": "KSh "]

    /// "₦150,000", "₦150,000.50", "1,200 XOF".
    static func spoken(_ money: Money) -> String {
        var grouped = String(money.grouped.dropLast(money.currency.count + 1))
        if grouped.hasSuffix(".00") { grouped.removeLast(3) }
        guard let symbol = currencySymbols[money.currency] else { return "\(grouped) \(money.currency)" }
        return grouped.hasPrefix("-") ? "-\(symbol)\(grouped.dropFirst())" : "\(symbol)\(grouped)"
    }
}
