extension EntitySchema {
    private static let name = FieldType.text(maxLength: 200)
    private static let shortText = FieldType.text(maxLength: 60)
    private static let longText = FieldType.text(maxLength: 4000)

    /// Every entity's schema, field by field. Sync/SYNC.md documents the merge rule of each.
    static let all: [EntityKind: EntitySchema] = Dictionary(
        uniqueKeysWithValues: [
            EntitySchema(
                .user,
                .ownerKey,
                [
                    FieldSpec("display_name", name),
                    FieldSpec("roles", .oneOf(Vocabulary.roles), set: true, writers: .ownerExceptAdminRole),
                ]
            ),
            EntitySchema(
                .profile,
                .ownerKey,
                [
                    FieldSpec("headline", name, writers: .ownerOrRepresentative),
                    FieldSpec("bio", longText, writers: .ownerOrRepresentative),
                    FieldSpec("city", name, writers: .ownerOrRepresentative),
                    FieldSpec("latitude_e6", .integer(-90_000_000...90_000_000), writers: .ownerOrRepresentative),
                    FieldSpec("longitude_e6", .integer(-180_000_000...180_000_000), writers: .ownerOrRepresentative),
                    FieldSpec("day_rate", .money, writers: .ownerOrRepresentative),
                    FieldSpec("playing_age_min", .integer(0...120), writers: .ownerOrRepresentative),
                    FieldSpec("playing_age_max", .integer(0...120), writers: .ownerOrRepresentative),
                    FieldSpec("height_cm", .integer(30...260), writers: .ownerOrRepresentative),
                    FieldSpec("gender", shortText, writers: .ownerOrRepresentative),
                    FieldSpec("skills", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("languages", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("accents", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("instruments", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("voice_types", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("departments", shortText, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("booked_dates", .date, set: true, writers: .ownerOrRepresentative),
                    FieldSpec("media", .contentHash, set: true, writers: .ownerOrRepresentative),
                    // The primary headshot: one of `media`, of kind headshot (one register, so one primary).
                    FieldSpec("headshot", .contentHash, writers: .ownerOrRepresentative),
                    FieldSpec("links", .text(maxLength: 300), set: true, writers: .ownerOrRepresentative),
                    // "Police officer, Eko Nights (2019)": searched, and matched against a role.
                    FieldSpec("credits", name, set: true, writers: .ownerOrRepresentative),
                    // A hidden profile is kept and synced but never listed by search or match.
                    FieldSpec("visibility", .oneOf(Vocabulary.profileVisibilities), writers: .ownerOrRepresentative),
                ]
            ),
            EntitySchema(.representation, .ownerAndUser, rowWriters: .ownerCreateOnly, [FieldSpec("note", name)]),
            // A badge is its attester's statement about a subject. Anyone may attest; whether a node
            // shows it as verified is that node's policy (does it trust the attester?), applied when
            // reading, so replicas converge whatever each node trusts.
            EntitySchema(
                .verification,
                .attestation,
                [
                    FieldSpec("kind", .oneOf(Vocabulary.verificationKinds)),
                    FieldSpec("status", .oneOf(Vocabulary.verificationStatuses)),
                    FieldSpec("note", name),
                ]
            ),
            EntitySchema(
                .project,
                .ownerAndNonce,
                [
                    FieldSpec("title", name),
                    FieldSpec("kind", .oneOf(Vocabulary.projectKinds)),
                    FieldSpec("status", .oneOf(Vocabulary.projectStatuses)),
                    FieldSpec("logline", longText),
                    FieldSpec("budget", .money),
                    FieldSpec("start_date", .date),
                    FieldSpec("end_date", .date),
                    FieldSpec("members", .userKey, set: true),
                ]
            ),
            EntitySchema(
                .script,
                .projectChild,
                [
                    FieldSpec("title", name),
                    FieldSpec("version", .integer(1...100_000)),
                    FieldSpec("content", .contentHash),
                    FieldSpec("access", .oneOf(Vocabulary.scriptAccess)),
                    FieldSpec("format", .oneOf(["fountain", "fdx", "pdf", "text"])),
                    // The breakdown as JSON (Fixtures/breakdown/README.md); large, so bounded generously.
                    FieldSpec("breakdown", .text(maxLength: 3_000_000)),
                    FieldSpec("readers", .userKey, set: true),
                ]
            ),
            EntitySchema(
                .job,
                .projectChild,
                [
                    FieldSpec("title", name),
                    FieldSpec("kind", .oneOf(Vocabulary.jobKinds)),
                    FieldSpec("status", .oneOf(Vocabulary.jobStatuses)),
                    FieldSpec("role_name", name),
                    FieldSpec("department", shortText),
                    FieldSpec("description", longText),
                    FieldSpec("rate", .money),
                    FieldSpec("city", name),
                    FieldSpec("shoot_start", .date),
                    FieldSpec("shoot_end", .date),
                    FieldSpec("skills", shortText, set: true),
                ]
            ),
            EntitySchema(
                .application,
                .application,
                [
                    FieldSpec(
                        "status",
                        .oneOf(Vocabulary.applicationStatuses),
                        writers: .applicationStatus,
                        merge: .applicationStatus
                    ),
                    FieldSpec("cover_note", longText),
                ]
            ),
            EntitySchema(
                .shortlist,
                .ownerAndNonce,
                [
                    FieldSpec("name", name),
                    FieldSpec("notes", longText),
                    FieldSpec("members", .userKey, set: true),
                ]
            ),
            EntitySchema(
                .schedule,
                .projectChild,
                [
                    FieldSpec("version", .integer(1...100_000)),
                    FieldSpec("script_version", .integer(1...100_000)),
                    FieldSpec("total_cost", .money),
                    FieldSpec("shooting_days", .integer(0...1_000)),
                    // The planned schedule as JSON (`nollycrew schedule --project P --json`).
                    FieldSpec("plan", .text(maxLength: 3_000_000)),
                ]
            ),
            // What the owner's node read from a file in their portfolio: its kind, type, size, and
            // dimensions or duration. The row id names the file by hash; the bytes travel apart.
            EntitySchema(
                .media,
                .ownerAndContent,
                [
                    FieldSpec("kind", .oneOf(Vocabulary.mediaKinds)),
                    FieldSpec("type", .oneOf(Vocabulary.mediaTypes)),
                    FieldSpec("bytes", .integer(1...(1 << 40))),
                    FieldSpec("width", .integer(1...1_000_000)),
                    FieldSpec("height", .integer(1...1_000_000)),
                    FieldSpec("duration_ms", .integer(0...(1 << 40))),
                    FieldSpec("caption", .text(maxLength: 300)),
                ]
            ),
            EntitySchema(
                .rating,
                .ownerAndUser,
                [
                    FieldSpec("stars", .integer(1...5)),
                    FieldSpec("comment", longText),
                ]
            ),
        ].map { ($0.kind, $0) }
    )
}
