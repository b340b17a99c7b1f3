import Foundation

/// The default breakdown rules (`breakdown-rules.json` beside this file), built into the
/// binary so a node works with no files around it. A producer extends a copy and passes it
/// with `nollycrew script breakdown --rules FILE`.
public enum BreakdownData {
    public static var defaultRules: Data { Data(PackageResources.breakdown_rules_json) }
}
