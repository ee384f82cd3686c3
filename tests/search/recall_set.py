"""The recall set: what a journalist types, and which records must come back.

Each query names what makes a record relevant: a regular expression over the
texts a reader sees of that record (READER_FIELDS), matched on NFKC case-folded
text. The hits a query must return are computed from the data with it, so the
set holds for the seeded case and for generated data of any size or seed.
Precision counts as wrong every hit whose record is not relevant.
"""

import re
import unicodedata
from dataclasses import dataclass

# What a reader sees of each type of record: every one of these must be searchable.
READER_FIELDS: dict[str, tuple[str, ...]] = {
    "project": ("name", "name_en", "summary", "summary_en", "status_details"),
    "budget": ("amount_text", "description"),
    "metric": ("indicator", "indicator_en", "value_text"),
    "statement": ("quote", "translation_en", "speaker_role", "speaker_role_en"),
    "source": ("title",),
    "citation": ("excerpt", "excerpt_en", "note"),
    "organization": ("name", "name_en"),
    "person": ("name", "name_en"),
    "statement_link": ("label", "note", "excerpt", "excerpt_en"),
}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def amount(value: int, *korean: str) -> str:
    """An amount however it is written: its Korean forms (60억), with or without thousands separators."""
    digits = [f"{re.escape(form)}(?!\\d|,\\d|\\s?[십백천만억조])" for form in (f"{value:,}", str(value))]
    words = [f"{re.escape(form)}(?!\\s*\\d)" for form in korean]
    return "|".join(f"(?<![\\d.,])(?:{form})" for form in (*digits, *words))


def word(*words: str) -> str:
    return "|".join(rf"\b{re.escape(fold(w))}\b" for w in words)


@dataclass(frozen=True)
class RecallQuery:
    q: str
    relevant: tuple[str, ...]  # every pattern must match one field (AND), like the query's words
    kind: str

    def matches(self, texts: list[str]) -> bool:
        return any(all(re.search(pattern, text) for pattern in self.relevant) for text in texts)


def Q(q: str, kind: str, *relevant: str) -> RecallQuery:
    return RecallQuery(q, relevant or (re.escape(fold(q)),), kind)


KO, PARTICLE, NUMBER, EN, ONE = "Korean", "Korean with a particle", "number", "English", "one syllable"

RECALL_SET: tuple[RecallQuery, ...] = (
    # The issue's own queries: the article's wording.
    Q("불과", KO), Q("400억", NUMBER, amount(400 * 10**8, "400억")), Q("남짓", KO),
    Q("1만", NUMBER, amount(10**4, "1만")), Q("지금까지", KO), Q("당초", KO),
    Q("서울시는", PARTICLE, "서울시"), Q("민원은", PARTICLE, "민원"), Q("오세훈은", PARTICLE, "오세훈"),
    Q("예산을", PARTICLE, "예산"),
    # Amounts, whichever way they are written.
    Q("60억", NUMBER, amount(60 * 10**8, "60억")), Q("60억 원", NUMBER, amount(60 * 10**8, "60억")),
    Q("6000000000", NUMBER, amount(60 * 10**8, "60억")), Q("6,000,000,000", NUMBER, amount(60 * 10**8, "60억")),
    Q("약 60억 원", NUMBER, amount(60 * 10**8, "60억")), Q("40000000000", NUMBER, amount(400 * 10**8, "400억")),
    Q("400억을", NUMBER, amount(400 * 10**8, "400억")), Q("10,000", NUMBER, amount(10**4, "1만")),
    Q("1천", NUMBER, amount(1000, "1천")), Q("2,000", NUMBER, amount(2000, "2천")),
    Q("30억 원", NUMBER, amount(30 * 10**8, "30억")), Q("2건", NUMBER, r"(?<![\d.,])2\s*건"),
    Q("2026년까지", NUMBER, r"(?<!\d)2026년까지"),
    # Korean words of the article, bare and with particles.
    Q("하루", KO), Q("콜센터", KO), Q("유튜브", KO), Q("인스타그램", KO), Q("메타버스", KO), Q("주민등록등본", KO),
    Q("초라한", KO), Q("소셜픽", KO), Q("서울특별시", KO), Q("갑작스러운 종료", KO, "갑작스러운", "종료"),
    Q("유튜브 채널의", PARTICLE, "유튜브", "채널"), Q("팔로워도", PARTICLE, "팔로워"), Q("구독자는", PARTICLE, "구독자"),
    Q("이용률에", PARTICLE, "이용률"), Q("메타버스 서울을", PARTICLE, "메타버스", "서울"), Q("서류도", PARTICLE, "서류"),
    Q("플랫폼을", PARTICLE, "플랫폼"), Q("장단점을", PARTICLE, "장단점"), Q("서울특별시의", PARTICLE, "서울특별시"),
    Q("콜센터의", PARTICLE, "콜센터"), Q("서비스를", PARTICLE, "서비스"),
    # English.
    Q("JTBC", EN, word("jtbc")), Q("Oh Se-hoon", EN, word("oh"), word("se"), word("hoon")),
    Q("YouTube", EN, word("youtube")), Q("billion", EN, word("billion")), Q("call center", EN, word("call"), word("center")),
    Q("subscribers", EN, word("subscribers")), Q("contradicted", EN, word("contradicted")),
    Q("sudden termination", EN, word("sudden"), word("termination")), Q("Mayor", EN, word("mayor")),
    Q("complaints", EN, word("complaints")),
    # One syllable.
    Q("뿐", ONE), Q("콜", ONE), Q("훈", ONE), Q("짓", ONE), Q("률", ONE),
    # Generated data: particles attached as in press copy.
    Q("하루 민원 건수", KO, "하루", "민원", "건수"), Q("전화 민원", KO, "전화", "민원"), Q("시장은", PARTICLE, "시장"),
    Q("시의회는", PARTICLE, "시의회"), Q("계획을", PARTICLE, "계획"), Q("사업비를", PARTICLE, "사업비"),
    Q("이용자를", PARTICLE, "이용자"), Q("운영비를", PARTICLE, "운영비"), Q("담당 부서는", PARTICLE, "담당", "부서"),
    Q("교육청은", PARTICLE, "교육청"),
)
