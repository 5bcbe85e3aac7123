"""knowledge_base.scope: a question about another country is not ours to answer, in each of the nine languages."""
from __future__ import annotations

import pytest

from knowledge_base.schema import Entry
from knowledge_base.scope import (about_another_country, countries_named, for_vietnamese_citizens, foreign_countries,
                                   mentions_vietnam,
                                   names_a_foreign_visa, partner_of, speaks_of_our_two_countries)
from tests.fakes import make_entry

# "Do I need a visa for Thailand / for Viet Nam?" in the nine languages
THAILAND = {
    "en": "Do I need a visa for Thailand?",
    "fr": "Ai-je besoin d'un visa pour la Thaïlande ?",
    "es": "¿Necesito visa para Tailandia?",
    "de": "Brauche ich ein Visum für Thailand?",
    "ru": "Нужна ли виза в Таиланд?",
    "zh": "去泰国需要签证吗？",
    "ja": "タイに行くのにビザは必要ですか？",
    "ko": "태국에 가려면 비자가 필요한가요?",
    "vi": "Tôi có cần thị thực để đi Thái Lan không?",
}
VIETNAM = {
    "en": "Do I need a visa for Vietnam?",
    "fr": "Ai-je besoin d'un visa pour le Viet Nam ?",
    "es": "¿Necesito visa para Vietnam?",
    "de": "Brauche ich ein Visum für Vietnam?",
    "ru": "Нужна ли виза во Вьетнам?",
    "zh": "去越南需要签证吗？",
    "ja": "ベトナムに行くのにビザは必要ですか？",
    "ko": "베트남에 가려면 비자가 필요한가요?",
    "vi": "Tôi có cần thị thực để đi Việt Nam không?",
}
VISA_ENTRY = Entry.from_dict(make_entry("visa-need", en_q="Do I need a visa for Vietnam?",
                                        answer_en="Most visitors need an e-visa to enter Viet Nam."))


@pytest.mark.parametrize("lang", list(THAILAND))
def test_a_question_naming_another_country_and_not_viet_nam_is_out_of_scope(lang):
    question = THAILAND[lang]
    assert foreign_countries(question) == {"TH"}
    assert not mentions_vietnam(question)
    assert about_another_country(question, None)
    assert about_another_country(question, VISA_ENTRY)  # the close Viet Nam entry never names Thailand


@pytest.mark.parametrize("lang", list(VIETNAM))
def test_a_question_naming_viet_nam_is_in_scope(lang):
    assert mentions_vietnam(VIETNAM[lang])
    assert not about_another_country(VIETNAM[lang], VISA_ENTRY)


def test_naming_viet_nam_too_keeps_a_question_in_scope():
    question = "Is Thailand on the visa-exemption list for Vietnam?"
    assert foreign_countries(question) == {"TH"}
    assert not about_another_country(question, None)
    assert not about_another_country("Japanese restaurants in Hanoi?", None)  # a city of Viet Nam counts


def test_a_country_the_matched_entry_names_is_in_scope():
    # "Is Germany on the visa-exemption list?" is answered by the exemption entry, which lists Germany
    exemption = Entry.from_dict(make_entry("visa-exemption", answer_en="Citizens of Germany, France and Spain "
                                           "may stay up to 45 days without a visa."))
    question = "Is Germany on the visa-exemption list?"
    assert about_another_country(question, VISA_ENTRY)
    assert not about_another_country(question, exemption)
    assert about_another_country("Is Mexico on the visa-exemption list?", exemption)


def test_a_question_without_a_country_is_in_scope():
    for question in ("What is Tết?", "How much is the e-visa fee?", ""):
        assert foreign_countries(question) == set()
        assert not about_another_country(question, None)


def test_several_countries_are_all_found():
    assert foreign_countries("Brauche ich für Frankreich und Spanien ein Visum?") == {"FR", "ES"}
    assert foreign_countries("Flights between Thailand and Japan") == {"TH", "JP"}


def test_names_are_whole_words_in_spaced_scripts():
    assert foreign_countries("Japanese food") == set()
    assert foreign_countries("Thailandia") == set()


def test_viet_nams_neighbours_are_never_foreign_topics():
    # answers about Viet Nam name China, Laos and Cambodia all the time (borders, trains, history)
    assert foreign_countries("中国和老挝") == set()
    assert foreign_countries("Is the border with Cambodia open?") == set()
    assert not about_another_country("Is the border crossing to Laos open on Sundays?", None)


@pytest.mark.parametrize("text", [
    "Anh có khỏe không?",                    # "Anh" (the United Kingdom) is also "you"
    "Thủ tục pháp lý để mở công ty là gì?",  # "Pháp" (France) is also in "pháp lý", legal
    "전자비자이란 무엇인가요?",               # 이란 (Iran) is also the particle "~(이)란"
])
def test_country_names_that_are_everyday_words_are_not_countries(text):
    assert foreign_countries(text) == set()


@pytest.mark.parametrize("text", [
    "ビザのタイプは何ですか？",   # タイ (Thailand) inside タイプ, type
    "タイムゾーンは？",           # ... inside タイム, time
    "ネクタイは必要ですか？",     # ... inside ネクタイ, tie
    "日本語で話せますか？",       # 日本語 is the Japanese language, not Japan
])
def test_a_name_inside_another_cjk_word_is_not_a_country(text):
    assert foreign_countries(text) == set()
    assert not about_another_country(text, None)


def test_a_longer_name_wins_over_the_name_inside_it():
    assert foreign_countries("인도네시아 사람은 비자가 필요한가요?") == {"ID"}  # 인도 (India) is inside it
    assert foreign_countries("인도에서 출발해요") == {"IN"}                 # a particle right after the name
    assert foreign_countries("タイ人はビザが必要？") == {"TH"}              # Han after katakana: still Thailand
    assert foreign_countries("Papua New Guinea and Indonesia") == {"PG", "ID"}


# Viet Nam named only as the travellers' nationality, with another country as the destination
VIETNAMESE_ABROAD = {
    "en": "How long can Vietnamese citizens stay in Japan without a visa?",
    "fr": "Les Vietnamiens ont-ils besoin d'un visa pour la France ?",
    "es": "¿Los ciudadanos vietnamitas necesitan visa para Alemania?",
    "de": "Brauchen vietnamesische Staatsbürger ein Visum für Frankreich?",
    "ru": "Нужна ли вьетнамцам виза в Таиланд?",
    "zh": "越南人去日本需要签证吗？",
    "ja": "ベトナム人が日本に滞在できる期間は?",
    "ko": "베트남 사람은 일본에 무비자로 갈 수 있나요?",
    "vi": "Công dân Việt Nam đi Thái Lan có cần thị thực không?",
}


@pytest.mark.parametrize("lang", list(VIETNAMESE_ABROAD))
def test_viet_nam_named_only_as_the_askers_nationality_does_not_bring_a_question_into_scope(lang):
    assert about_another_country(VIETNAMESE_ABROAD[lang], VISA_ENTRY)


def test_viet_nams_neighbours_count_when_viet_nam_is_only_the_nationality():
    assert about_another_country("越南华人去中国需要签证吗?", VISA_ENTRY)
    assert about_another_country("Can Vietnamese citizens visit Laos without a visa?", VISA_ENTRY)
    # naming Viet Nam as the place keeps the question ours, nationality phrase or not
    assert not about_another_country("Do Vietnamese citizens need a visa for Vietnam?", VISA_ENTRY)
    assert not about_another_country("Vietnamese citizens living abroad: can they buy a house in Hanoi?", None)


def test_a_nationality_phrase_with_no_other_country_stays_in_scope():
    assert not about_another_country("What do Vietnamese people eat at Tet?", VISA_ENTRY)
    assert not about_another_country("ベトナム人の名前の順番は?", VISA_ENTRY)
    germany = Entry.from_dict(make_entry("relations-germany", en_q="Relations between Viet Nam and Germany",
                                         answer_en="Viet Nam and Germany are strategic partners."))
    # the matched entry names the country: still ours
    assert not about_another_country("How many Vietnamese people live in Germany?", germany)


def test_an_exemption_list_naming_the_destination_does_not_bring_vietnamese_travellers_into_scope():
    exemption = Entry.from_dict(make_entry("visa-exemption-unilateral-45-days", en_q="Who can visit without a visa?",
                                           answer_en="Citizens of Japan and Germany stay 45 days visa-free."))
    # the list names Japan as a nationality coming in; the question is about Vietnamese citizens going to Japan
    assert about_another_country("How long can Vietnamese citizens stay in Japan?", exemption)
    # a Japanese visitor asking about Viet Nam is still answered from it
    assert not about_another_country("Do citizens of Japan need a visa?", exemption)


@pytest.mark.parametrize("text", ["私はドイツ人です。2週間の旅行にビザは必要ですか？", "독일인은 비자가 필요한가요?",
                                  "Tôi là công dân Hàn Quốc, có cần thị thực không?",
                                  "Do citizens of Germany need a visa?", "Нужна ли виза гражданам Германии?"])
def test_a_country_named_as_the_visitors_nationality_is_not_a_destination(text):
    # whatever entry comes first (here one that names no country at all), the passport is the visitor's own
    assert not about_another_country(text, VISA_ENTRY)


def test_a_destination_beside_a_nationality_is_still_a_destination():
    assert about_another_country("中国人去泰国需要签证吗?", VISA_ENTRY)
    assert about_another_country("Do citizens of Germany need a visa for Thailand?", VISA_ENTRY)


@pytest.mark.parametrize("text, code", [
    ("한국-베트남 수교 20주년", "KR"), ("Korea and Vietnam", "KR"), ("отношения с Республикой Корея", "KR"),
    ("визит в Россию", "RU"), ("между Вьетнамом и Российской Федерацией", "RU"), ("с Германией", "DE"),
    ("на Кубе", "CU"), ("米国との関係", "US"), ("trade deal with the UK", "GB"), ("USA visa", "US"),
    ("호주 워킹홀리데이", "AU"), ("Великобританией", "GB"),
])
def test_everyday_names_and_russian_case_forms_are_countries(text, code):
    assert code in foreign_countries(text)


@pytest.mark.parametrize("text, code", [
    ("去德國要簽證嗎？", "DE"), ("澳洲人去越南需要簽證嗎", "AU"), ("越南與法國的關係如何？", "FR"), ("泰國護照", "TH"),
    ("義大利人可以免簽嗎", "IT"), ("去德国要签证吗？", "DE"),
])
def test_country_names_in_traditional_chinese_are_countries_too(text, code):
    # Taiwan, Hong Kong, Macau and many overseas readers write 德國 and 澳洲, not 德国 and 澳大利亚
    assert code in foreign_countries(text)
    assert code in countries_named(text)


@pytest.mark.parametrize("text, code", [
    ("Vietnam Czech Republic relations", "CZ"), ("quan hệ Việt Nam - Cộng hòa Séc", "CZ"), ("Vietnam y Holanda", "NL"),
    ("quan hệ Việt Nam - Italia", "IT"), ("Việt Nam và nước Ý", "IT"), ("quan hệ Việt Nam Braxin", "BR"),
    ("Việt Nam và Ca-na-đa", "CA"), ("relations Vietnam République tchèque", "CZ"),
])
def test_partner_names_as_askers_write_them_are_countries(text, code):
    assert code in foreign_countries(text)


@pytest.mark.parametrize("text", ["Ý kiến của bạn về thị thực Việt Nam?", "Tôi có ý định đổi séc du lịch",
                                  "Bí quyết đi Hà Nội"])
def test_one_word_vietnamese_names_that_are_everyday_words_are_not_countries(text):
    assert foreign_countries(text) == set()


@pytest.mark.parametrize("text", ["한국어 가이드가 있나요?", "самое известное произведение", "Кубок мира",
                                  "Корейский полуостров"])
def test_a_language_name_or_a_word_that_starts_like_a_country_is_not_one(text):
    assert foreign_countries(text) == set()


@pytest.mark.parametrize("entry_id, code", [
    ("policy-relations-united-states", "US"), ("policy-relations-korea", "KR"), ("policy-relations-china", "CN"),
    ("policy-relations-united-kingdom", "GB"), ("policy-relations-russia", "RU"), ("policy-relations-cuba", "CU"),
    ("policy-relations-czechia", "CZ"),
    ("policy-relations-new-zealand", "NZ"), ("policy-relations-atlantis", None), ("policy-korean-peninsula", None), ("visa-do-i-need-a-visa", None),
])
def test_a_relations_entrys_partner_comes_from_its_id(entry_id, code):
    assert partner_of(entry_id) == code


@pytest.mark.parametrize("text, code", [
    ("您对目前越中关系有何评价?", "CN"), ("越南人到底愛不愛中國?", "CN"), ("Präsident Chinas, Xi Jinping", "CN"),
    ("서기장의 방한이 갖는 의미", "KR"), ("한-베 수교 30주년", "KR"), ("日越関係の今後", "JP"),
    ("les relations franco-vietnamiennes", "FR"), ("российско-вьетнамские отношения", "RU"),
    ("US-Vietnam comprehensive strategic partnership", "US"), ("Laos and Vietnam", "LA"),
    ("如何评价越老特殊关系？", "LA"), ("越柬边界", "KH"), ("越泰全面战略伙伴关系", "TH"), ("越菲关系", "PH"),
    ("越马贸易", "MY"), ("越印尼专属经济区", "ID"), ("таиландско-вьетнамские связи", "TH"),
    ("вьетнамско-сингапурское партнёрство", "SG"), ("베-태 수교 50주년", "TH"),
])
def test_countries_named_takes_in_neighbours_and_bilateral_compounds(text, code):
    assert code in countries_named(text)


@pytest.mark.parametrize("text, absent", [
    ("越印尼专属经济区", "IN"),  # Viet Nam and Indonesia, not India
    ("越南的咖啡是不是越老越好？", "LA"),  # "the older, the better"
])
def test_a_bilateral_compound_does_not_name_a_partner_it_only_resembles(text, absent):
    assert absent not in countries_named(text)


def test_countries_named_is_not_the_scope_check():
    # China named beside Viet Nam's nationals is a neighbour for ranking, and no foreign destination by itself
    assert countries_named("Vietnam and China relations") == {"CN"}
    assert foreign_countries("Vietnam and China relations") == set()
    assert countries_named("What is phở?") == set()


@pytest.mark.parametrize("question", [
    "妻がベトナム人で、日本で生まれた子どもはベトナム国籍を取れますか？",
    "아내가 베트남 사람인데 한국에서 태어난 아이가 베트남 국적을 받을 수 있나요?",
    "孩子在美国出生，可以取得越南国籍吗？",
    "My son was born in France, can he keep Vietnamese nationality?",
    "Mon fils est né en France : peut-il avoir la nationalité vietnamienne ?",
    "Unser Kind ist in Deutschland geboren: bekommt es die vietnamesische Staatsangehörigkeit?",
    "Ребёнок родился в России: может ли он получить гражданство Вьетнама?",
])
def test_a_question_on_viet_nams_nationality_is_about_viet_nam_wherever_the_child_was_born(question):
    assert not about_another_country(question, None)


@pytest.mark.parametrize("question", [
    "ベトナム国籍の人は日本のビザが必要ですか？", "베트남 국적자는 일본 비자가 필요한가요?", "越南籍的人去日本需要签证吗？",
    "Do Vietnamese nationals need a visa for Japan?",
])
def test_vietnamese_nationals_travelling_elsewhere_stay_out_of_scope(question):
    assert about_another_country(question, None)


@pytest.mark.parametrize("question", [
    "Người Việt Nam định cư ở Mỹ về nước có cần visa không?", "Công dân Việt Nam sống ở Nhật về quê hương ăn Tết cần giấy tờ gì?",
])
def test_vietnamese_people_abroad_coming_home_ask_about_viet_nam(question):
    assert not about_another_country(question, VISA_ENTRY)


def test_going_home_elsewhere_with_a_vietnamese_spouse_stays_out_of_scope():
    # the asker goes home to Japan: Japan's visa for the spouse is not Viet Nam's to answer
    assert about_another_country("日本に帰国するとき、ベトナム人の妻のビザはどうすればいいですか?", VISA_ENTRY)


# another country's own visa, asked without naming Viet Nam, in the nine languages
JAPAN_VISA = {
    "en": "How hard is it to get a Japan visa?",
    "fr": "Comment obtenir un visa pour le Japon ?",
    "es": "¿Es difícil conseguir una visa para Japón?",
    "de": "Wie bekomme ich ein Visum für Japan?",
    "ru": "Как получить визу в Японию?",
    "zh": "日本签证好办吗？",
    "ja": "日本のビザの申請方法は？",
    "ko": "일본 비자 받기 어렵나요?",
    "vi": "Xin visa Nhật Bản có khó không",
}
EXEMPTION_LIST = Entry.from_dict(make_entry(
    "visa-exemption-list", en_q="Which countries can enter Viet Nam without a visa?",
    answer_en="Citizens of Germany, France and Japan may stay up to 45 days without a visa."))


@pytest.mark.parametrize("lang", list(JAPAN_VISA))
def test_another_countrys_visa_is_out_of_scope_even_when_the_closest_entry_names_that_country(lang):
    question = JAPAN_VISA[lang]
    assert names_a_foreign_visa(question)
    assert about_another_country(question, EXEMPTION_LIST)


@pytest.mark.parametrize("question", [
    "Visa phối ngẫu Nhật Bản (日本人の配偶者等) là gì?",  # Japan's spouse visa (a real question of fresh8)
    "Xin visa du lịch Hàn Quốc có khó không?",
    "thị thực lao động sang Hàn Quốc cần giấy tờ gì?",
])
def test_a_vietnamese_visa_kind_between_the_word_and_the_country_is_still_that_countrys_visa(question):
    assert names_a_foreign_visa(question)
    assert about_another_country(question, EXEMPTION_LIST)


@pytest.mark.parametrize("question", [
    "Is Japan on the visa exemption list?",  # is the asker's country on Viet Nam's list
    "Germany visa exemption 45 days",
    "I have a Japanese passport, do I need a visa?",
    "Japan passport visa free?",
    "visa for citizens of Japan",
    "日本人はビザが必要ですか",
    "visa cho người Nhật Bản",
    "xin visa ở Nhật Bản",  # applying in Japan (at Viet Nam's embassy there)
    "xin visa du lịch ở Nhật Bản",
    "visa du lịch Việt Nam cho người Nhật Bản",
])
def test_a_visitors_country_next_to_a_visa_word_is_not_a_foreign_visa(question):
    assert not names_a_foreign_visa(question)
    assert not about_another_country(question, EXEMPTION_LIST)


@pytest.mark.parametrize("text", [
    "How do you assess relations between our two countries?", "Comment évaluez-vous nos relations ?",
    "¿Cómo valora las relaciones entre ambos países?", "Wie bewerten Sie die Beziehungen zwischen unseren beiden Ländern?",
    "Как развиваются отношения между нашими странами?", "您如何评价两国关系？", "両国関係についてお考えをお聞かせください",
    "양국 관계를 어떻게 평가하십니까?", "Ông đánh giá thế nào về quan hệ hai nước?", "bilateral relations today",
    "Wie entwickeln sich die bilateralen Beziehungen?", "双边关系如何？", "двусторонние отношения",
])
def test_our_two_countries_is_recognised_in_the_nine_languages(text):
    assert speaks_of_our_two_countries(text)


@pytest.mark.parametrize("text", ["Do I need a visa?", "two weeks in Vietnam", "Wie lange dauert das Visum?",
                                  "Which countries have bilateral visa exemption agreements with Vietnam?",
                                  "Was ist das bilaterale Investitionsschutzabkommen?", "双边免签协议有哪些国家？",
                                  "Какая валюта во Вьетнаме?", "越南的国花是什么？", "Người nước ngoài có được mua nhà không?"])
def test_a_question_that_does_not_speak_of_two_countries_is_not_read_as_one(text):
    assert not speaks_of_our_two_countries(text)


# questions a Vietnamese citizen abroad asks about their own papers, in the nine languages
CITIZEN_QUESTIONS = [
    ("I lost my Vietnamese passport in Germany. What should I do?", "en"),
    ("My wife is Vietnamese and our baby was born in Sydney. Where do we register the birth?", "en"),
    ("J'ai perdu mon passeport vietnamien à Lyon, que faire ?", "fr"),
    ("Ma femme est vietnamienne, notre fils est né à Paris : où déclarer la naissance ?", "fr"),
    ("Mi esposa es vietnamita y nuestro hijo nació en Madrid", "es"),
    ("Ich habe meinen vietnamesischen Pass in Köln verloren", "de"),
    ("Я потерял вьетнамский паспорт в Москве, что делать?", "ru"),
    ("在德国丢失了越南护照怎么办？", "zh"),
    ("ベトナムのパスポートを日本でなくしました", "ja"),
    ("베트남 여권을 한국에서 잃어버렸어요", "ko"),
    ("Tôi bị mất hộ chiếu ở Đức, phải làm sao?", "vi"),
]


@pytest.mark.parametrize("question,lang", CITIZEN_QUESTIONS)
def test_a_vietnamese_citizens_own_papers_are_recognised_in_the_nine_languages(question, lang):
    assert for_vietnamese_citizens(question, lang)


@pytest.mark.parametrize("question,lang", [
    ("I lost my passport abroad, what should I do?", "en"),
    ("Как восстановить загранпаспорт, если он был утерян?", "ru"),
    ("在国外护照遗失怎么办？", "zh"),
    ("Wie erhalte ich einen Reisepass?", "de"),
    ("Người nước ngoài bị mất hộ chiếu ở Việt Nam phải làm gì?", "vi"),
    ("Is Vietnamese hard to learn?", "en"),
    ("베트남 여권 유효기간 6개월", "ko"),  # a Korean visitor's "passport validity for Viet Nam"
])
def test_a_visitors_own_passport_is_not_a_vietnamese_citizens(question, lang):
    # a visitor of another country asking about their own passport must not get the entries for Vietnamese citizens
    assert not for_vietnamese_citizens(question, lang)


CITIZEN_ENTRY = Entry.from_dict(make_entry(
    "citizen-passport-abroad", en_q="I lost my Vietnamese passport abroad. What should I do?",
    answer_en="A Vietnamese citizen abroad reports the loss to the embassy or consulate."))


@pytest.mark.parametrize("question,lang", CITIZEN_QUESTIONS)
def test_a_citizens_papers_are_viet_nams_business_wherever_the_citizen_lives(question, lang):
    assert not about_another_country(question, CITIZEN_ENTRY)
    # the same question matched with any other entry keeps the usual check
    if foreign_countries(question) - {"VN"} and not mentions_vietnam(question):
        assert about_another_country(question, Entry.from_dict(make_entry("entry-lost-passport", en_q="Lost passport?")))


def test_another_countrys_visa_stays_out_of_scope_even_with_a_citizen_entry():
    assert about_another_country("Xin visa Nhật Bản cho con có khó không?", CITIZEN_ENTRY)


@pytest.mark.parametrize("question", [
    "How do I get a China visa?",  # a land neighbour's visa: neighbours are left out of the country names elsewhere
    "Laos visa on arrival",
    "Do I need a visa for Cambodia?",
    "柬埔寨签证怎么办?",
    "Xin visa Trung Quốc ở Hà Nội mất bao lâu?",
    "Can I get a Thai visa in Hanoi?",  # a country named by its adjective
    "Do I need a Schengen visa?",
    "US visa",
    "Xin visa Mỹ ở Hà Nội có khó không?",
    "日本の就労ビザは?",  # the kind of visa between the country and the word
])
def test_another_countrys_visa_is_out_of_scope_by_neighbour_adjective_or_kind(question):
    assert names_a_foreign_visa(question)
    assert about_another_country(question, EXEMPTION_LIST)


@pytest.mark.parametrize("question", [
    # real questions of the fitting pool (cal, tune3): Viet Nam is only where the asker applies from
    "How long does it take to get a US visa from Vietnam?",
    "越南来中国探亲签证是多长时间?",
    "Can I bring my Vietnamese Girlfriend (or Boyfriend) back to the USA on an American tourist visa?",
    "How long does it take to get a U.S. visa from Vietnam?",
    "Can I apply for a Japan visa in Vietnam?",
])
def test_another_countrys_visa_asked_from_viet_nam_is_out_of_scope(question):
    assert about_another_country(question, EXEMPTION_LIST)


@pytest.mark.parametrize("question", [
    "I have a US visa, do I need a Vietnam visa?",  # Viet Nam's own visa is asked about
    "Can I enter Vietnam with a US visa?",  # Viet Nam is where the asker is going
    "Vietnam visa for Germany",
    "Vietnam visa for US citizens",
    "Do US citizens need a visa for Vietnam?",
    "Visa for Cambodian citizens to Vietnam",  # a nationality, not Cambodia's visa
    "Cambodian citizens visa",
    "中国人去越南需要签证吗?",
    "visa Mỹ Sơn tour",  # Mỹ Sơn, the temple site, not the United States
    "Can you help us visa application",  # "us" in lower case is not a country
    "Is the visa on arrival available?",
    # background, not the question: a Taiwanese visa held by someone asking to keep Vietnamese nationality (fresh8)
    "Em có visa Đài Loan. Quốc tịch của em là Việt Nam, em muốn có thêm quốc tịch Đài Loan nhưng vẫn giữ quốc tịch "
    "Việt Nam thì có được không?",
])
def test_viet_nams_own_visa_or_entry_with_another_visa_stays_in_scope(question):
    assert not about_another_country(question, EXEMPTION_LIST)
