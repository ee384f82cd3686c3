"""Word lists the synthetic data is built from.

Texts are combinations from finite pools, so they look like Korean press copy
(particles attached: 민원은, 서울시는, 예산을) and the tokenizer can be memoised.
COMMON_TERMS / RARE_TERMS name the search terms the benchmark queries, with how
often the generator uses them, so "common" and "rare" are known by construction.
"""

SYNTHETIC_KO = "[합성]"
SYNTHETIC_EN = "[synthetic]"
SYNTHETIC_NOTE = "synthetic benchmark data"
SOURCE_HOST = "https://synthetic.invalid/"

# (Korean, English, slug) regions; the first ones are governments, the rest districts.
REGIONS = [
    ("서울", "Seoul", "seoul"), ("부산", "Busan", "busan"), ("대구", "Daegu", "daegu"), ("인천", "Incheon", "incheon"),
    ("광주", "Gwangju", "gwangju"), ("대전", "Daejeon", "daejeon"), ("울산", "Ulsan", "ulsan"),
    ("세종", "Sejong", "sejong"), ("경기", "Gyeonggi", "gyeonggi"), ("강원", "Gangwon", "gangwon"),
    ("충북", "Chungbuk", "chungbuk"), ("충남", "Chungnam", "chungnam"), ("전북", "Jeonbuk", "jeonbuk"),
    ("전남", "Jeonnam", "jeonnam"), ("경북", "Gyeongbuk", "gyeongbuk"), ("경남", "Gyeongnam", "gyeongnam"),
    ("제주", "Jeju", "jeju"), ("수원", "Suwon", "suwon"), ("성남", "Seongnam", "seongnam"),
    ("고양", "Goyang", "goyang"), ("용인", "Yongin", "yongin"), ("창원", "Changwon", "changwon"),
    ("청주", "Cheongju", "cheongju"), ("전주", "Jeonju", "jeonju"), ("천안", "Cheonan", "cheonan"),
    ("포항", "Pohang", "pohang"), ("김해", "Gimhae", "gimhae"), ("마포", "Mapo", "mapo"),
    ("강남", "Gangnam", "gangnam"), ("종로", "Jongno", "jongno"),
]
# Kinds of organization: (Korean suffix, English suffix, classification).
ORGANIZATION_KINDS = [
    ("시청", "City Hall", "government"), ("디지털정책관", "Digital Policy Office", "agency"),
    ("교통국", "Transport Bureau", "agency"), ("시의회", "Council", "legislature"),
    ("도시공사", "Urban Development Corporation", "company"), ("시민연대", "Citizens' Coalition", "civil_society"),
    ("일보", "Daily", "media"),
]

# Project topics (Korean, English, slug); the last ones are rare (see RARE_TERMS).
TOPICS = [
    ("민원 상담", "complaints desk", "complaints"), ("공공 와이파이", "public wifi", "wifi"),
    ("자전거 도로", "bicycle lanes", "bike-lanes"), ("스마트 가로등", "smart street lights", "street-lights"),
    ("전기차 충전소", "EV chargers", "ev-chargers"), ("청년 주택", "youth housing", "youth-housing"),
    ("공공 도서관", "public library", "library"), ("하천 정비", "river restoration", "river"),
    ("버스 정류장", "bus shelters", "bus-shelters"), ("노인 돌봄", "elderly care", "elderly-care"),
    ("재난 안전망", "disaster network", "disaster-network"), ("공영 주차장", "public parking", "parking"),
    ("문화 센터", "culture centre", "culture-centre"), ("어린이 공원", "children's park", "park"),
    ("빅데이터 플랫폼", "big data platform", "big-data"), ("콜센터", "call center", "call-center"),
]
RARE_TOPICS = [("메타버스 민원", "metaverse complaints", "metaverse"), ("드론 배송", "drone delivery", "drone")]
RARE_TOPIC_SHARE = 0.002
PROJECT_TYPES = [("구축", "build-out"), ("사업", "programme"), ("운영", "operation"), ("개선", "upgrade"),
                 ("확충", "expansion"), ("시범사업", "pilot")]

# Statement pieces: subjects get 은/는, objects 을/를, so every quote has particles attached. A subject
# follows a region name directly ("서울" + "시는" = 서울시는) unless it starts with a space.
SUBJECTS = [("시는", "The city"), ("시장은", "The mayor"), ("시의회는", "The council"),
            (" 담당 부서는", "The department"), (" 교육청은", "The education office"), ("시 위원회는", "The committee")]
OBJECTS = [("예산을", "the budget"), ("사업비를", "the project cost"), ("운영비를", "the running cost"),
           ("민원을", "the complaints"), ("이용자를", "the users"), ("계획을", "the plan")]
PREDICATES = [
    ("늘리겠다고 밝혔다", "said it would increase"), ("줄였다고 설명했다", "explained it had cut"),
    ("재검토하겠다고 말했다", "said it would review"), ("집행했다고 발표했다", "announced it had spent"),
    ("약속했다", "promised"), ("확대할 계획이라고 했다", "said it planned to expand"),
]
TAILS = [("민원은 하루 {n}건에 불과했습니다", "there were only {n} complaints a day"),
         ("이용자는 {n}명에 그쳤습니다", "only {n} people used it"),
         ("예산은 {n}억 원이 들었습니다", "it cost {n} hundred million won"),
         ("공사는 {n}개월 늦어졌습니다", "the works were {n} months late")]
RARE_TAILS = [("메타버스 서비스는 종료됐습니다", "the metaverse service was shut down"),
              ("드론 배송은 중단됐습니다", "drone delivery was halted")]
RARE_TAIL_SHARE = 0.002
ROLES = [("대변인", "spokesperson"), ("시장", "mayor"), ("과장", "head of division"), ("의원", "council member"),
         ("국장", "director general")]
SURNAMES = [("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"), ("강", "Kang"),
            ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim")]
GIVEN_NAMES = [("민준", "Min-jun"), ("서연", "Seo-yeon"), ("도윤", "Do-yun"), ("지우", "Ji-woo"), ("하준", "Ha-jun"),
               ("서윤", "Seo-yun"), ("예준", "Ye-jun"), ("하은", "Ha-eun"), ("시우", "Si-woo"), ("지호", "Ji-ho"),
               ("수아", "Su-a"), ("주원", "Ju-won"), ("지민", "Ji-min"), ("건우", "Geon-woo"), ("유진", "Yu-jin"),
               ("현우", "Hyun-woo"), ("채원", "Chae-won"), ("준서", "Jun-seo"), ("다은", "Da-eun"), ("우진", "Woo-jin")]

# Metric indicators: (Korean, English, unit, observation); the first two feed scorecards.
USAGE_INDICATOR = ("하루 민원 건수", "complaints per day", "count/day", "actual")
COMPARED_INDICATOR = ("전화 민원 하루 건수", "phone complaints per day", "count/day", "actual")
INDICATORS = [
    ("누적 이용자 수", "cumulative users", "people", "actual"), ("목표 이용자 수", "target users", "people", "target"),
    ("사업 진척률", "progress", "percent", "actual"), ("평균 처리 일수", "days to resolve", "days", "actual"),
    ("집행액", "amount executed", "KRW", "actual"), ("설치 대수", "units installed", "count", "actual"),
    ("기준 이용자 수", "baseline users", "people", "baseline"),
]
PLATFORMS = ["네이버 뉴스", "다음 뉴스", None, None]

# Search terms the benchmark queries: (term, what it is, share of the texts that contain it).
COMMON_TERMS = [("민원", "two syllables: 민원을, 민원은 in about four quotes in ten"),
                ("예산을", "three syllables ending in a particle: about one quote in six")]
# Only in the table of what each server finds (not loaded): a place name always written with a particle.
CHECK_TERMS = [("서울", "a place name, always written 서울시는, 서울시장은, …: about one quote in thirty")]
RARE_TERMS = [("메타버스", "four syllables: about one quote in a thousand (and 0.1% of project names)"),
              ("드론 배송", "two words: about one quote in a thousand")]
