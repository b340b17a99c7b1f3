/// The word lists the roster generator draws from: names from across Nigeria and Africa, crafts,
/// languages, accents and credits as Nollywood call sheets have them.
enum RosterVocabulary {
    static let firstNames = [
        // Yoruba
        "Adébáyọ̀", "Olúwásẹun", "Tèmítọ́pẹ́", "Fúnmiláyọ̀", "Bọ́lá", "Kẹ́hìndé", "Adé", "Tọ́lá", "Ṣọlá", "Yétúndé",
        // Igbo
        "Chioma", "Chukwuemeka", "Ngozi", "Obinna", "Adaeze", "Ifeanyi", "Nnamdi", "Chiamaka", "Uchenna", "Nkechi",
        // Hausa
        "Aisha", "Zainab", "Musa", "Ibrahim", "Hadiza", "Abdullahi", "Amina", "Sani", "Ɗahiru", "Bilkisu",
        // Efik and Ibibio
        "Eno", "Effiong", "Ekaete", "Asuquo", "Itoro",
        // Elsewhere in Africa
        "Kwame", "Ama", "Kofi", "Wanjiru", "Thabo", "Lindiwe", "Amara", "Fatou", "Moussa", "Abebe",
    ]
    static let lastNames = [
        "Adeyemi", "Ọlátúnjí", "Balogun", "Adébáyọ̀", "Ògúnlẹ́yẹ", "Okafor", "Eze", "Okonkwo", "Nwosu", "Obi",
        "Chukwu", "Bello", "Abubakar", "Musa", "Danjuma", "Ɓawa", "Effiong", "Bassey", "Etim", "Asante", "Mensah",
        "Otieno", "Ndlovu", "Diallo", "Traoré", "Kamara",
    ]
    static let actorSkills = [
        "stage combat", "horse riding", "dancing", "swimming", "singing", "comedy", "improvisation", "stunts",
        "driving", "martial arts", "motorcycle riding", "crying on cue",
    ]
    /// Crew skills by department.
    static let crewSkills: [(department: String, skills: [String])] = [
        ("camera", ["camera operator", "cinematographer", "focus puller", "steadicam", "drone operator"]),
        ("lighting", ["gaffer", "electrician", "best boy"]),
        ("sound", ["sound recordist", "boom operator", "sound designer"]),
        ("makeup", ["makeup artist", "SFX makeup", "hair stylist"]),
        ("costume", ["costume designer", "wardrobe assistant"]),
        ("art", ["production designer", "set dresser", "props master"]),
        ("editing", ["editor", "colourist", "VFX artist"]),
        ("directing", ["assistant director", "script supervisor", "production assistant"]),
    ]
    static let instruments = ["talking drum", "guitar", "saxophone", "keyboard", "shekere", "kora", "trumpet", "bass"]
    static let voiceSkills = ["voice over", "dubbing", "radio drama", "audiobook narration", "jingles"]
    static let modelSkills = ["runway", "commercial", "print", "fitness", "hand model"]
    static let languages = ["Yoruba", "Igbo", "Hausa", "Pidgin", "Efik", "French"]
    static let accents = ["Lagos", "Northern", "Eastern", "Calabar", "British", "American"]
    static let characterRoles = [
        "police officer", "doctor", "mother", "villain", "pastor", "market trader", "student", "chief", "lawyer",
        "taxi driver", "nurse", "soldier", "teacher", "king", "detective",
    ]
    static let titleWords = [
        ("Eko", "Nights"), ("Harmattan", "Reel"), ("Lagos", "Gold"), ("Market", "Queen"), ("Owambe", "Diaries"),
        ("Iyawo", "Mi"), ("Aso", "Ebi"), ("Enugu", "Blues"), ("Kano", "Sunset"), ("Last", "Ferry"),
        ("Palace", "Secrets"), ("Third", "Mainland"), ("Village", "Headmaster"), ("Okada", "Run"), ("Calabar", "Love"),
    ]
    static let bioOpenings = [
        "Trained at the National Theatre and on Lagos stages.", "Self-taught and set-hardened over a decade of shoots.",
        "A graduate of the University of Ibadan theatre arts department.", "Started in church drama and never stopped.",
        "Known on set for punctuality and calm under pressure.",
        "Has worked across Nollywood, Kannywood and Ghallywood.",
    ]
    static let bioDetails = [
        "Comfortable with long night shoots and location work.", "Happy to travel for the right project.",
        "Works in English and local languages.", "Brings their own kit.", "Has led teams of up to twelve people.",
        "Experienced with both single-camera drama and multi-camera series.",
        "Loves period pieces and family drama.", "Available at short notice for pickups.",
    ]
}
