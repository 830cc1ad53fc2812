"""Numbers and dates as people type them, read by the report's language: a value is read
unambiguously, or not at all with a message that says what was not assumed."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gcmreview.values import Reading, is_iso_date, read_date, read_number

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

# ------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,250", "en", 1250),
        ("1,250,000", "en", 1250000),
        ("12.5", "en", 12.5),
        ("1,234.5", "en", 1234.5),
        ("12", "en", 12),
        ("12.0", "en", 12.0),
        ("  +12 ", "en", 12),
        ("-1,250", "en", -1250),
        ("1 250", "en", 1250),
        ("1'250'000", "en", 1250000),
        ("1’250", "en", 1250),
        (".5", "en", 0.5),
        ("1.234.567", "en", 1234567),  # two dots: only the grouping reading exists
        ("1.234,5", "en", 1234.5),  # both marks: the last is the decimal mark
        ("1,250", "zh", 1250),
        ("1,250", "de", 1250),  # unknown languages are read like English
        ("1.234", "fr", 1234),
        (f"1{NBSP}234", "fr", 1234),
        (f"1{NNBSP}234", "fr", 1234),
        (f"1{THIN}234", "fr", 1234),
        ("1,5", "fr", 1.5),
        ("1,250", "fr", 1.25),
        ("1,234.5", "fr", 1234.5),
        ("1.5", "fr", 1.5),  # a dot before 1–2 digits cannot group thousands
        ("12.25", "fr", 12.25),
        ("0.061", "fr", 0.061),  # nor after a lone zero
        (f"-1{NBSP}234,5", "fr", -1234.5),
        (f"1{NBSP}234.5", "fr", 1234.5),
        ("1,234,567", "fr", 1234567),
        ("2.482.000", "es", 2482000),
        ("1.234,5", "es", 1234.5),
        ("1.000", "es", 1000),
        ("1 234 567,25", "ru", 1234567.25),
        ("١٬٢٥٠", "ar", 1250),
        ("٣٫٥", "ar", 3.5),
        ("۱۲۵۰", "ar", 1250),  # Extended Arabic-Indic digits
        ("١٬٢٣٤٫٥", "ar", 1234.5),
        ("1,5", "ar", 1.5),
        ("１２", "zh", 12),  # full-width digits
        ("１，２５０", "zh", 1250),  # full-width comma, as a Chinese input method types it
        ("３．５", "zh", 3.5),  # full-width full stop
        ("٠١٢٣٤٥٦٧٨٩", "ar", 123456789),  # every Arabic-Indic digit
        ("١٢٥٠٫٧٥", "ar", 1250.75),
        ("۱۲۵۰٫۵", "ar", 1250.5),  # Persian digits and the Arabic decimal separator
        ("2,482,000", "ar", 2482000),  # two groups: only the grouping reading exists
        ("1,234.5", "ar", 1234.5),
        (f"1{NBSP}250,5", "ar", 1250.5),
        ("3.14", "ar", 3.14),
        (f"1{NBSP}250,5", "ru", 1250.5),  # Russian groups with a no-break space
        (f"12{NNBSP}500", "ru", 12500),
        ("−5", "en", -5),  # U+2212 MINUS SIGN
    ],
)
def test_numbers_read(text, lang, value):
    reading = read_number(text, lang)
    assert reading == Reading(value)
    assert type(reading.value) is type(value)


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        (
            "1,25",
            "en",
            "“1,25” is not a number as written in English (the comma separates thousands); "
            "if you meant 1.25, write 1.25",
        ),
        (
            "0,5",
            "en",
            "“0,5” is not a number as written in English (the comma separates thousands); "
            "if you meant 0.5, write 0.5",
        ),
        (
            "1 234,5",
            "en",
            "“1 234,5” is not a number as written in English (the comma separates thousands); "
            "if you meant 1234.5, write 1234.5",
        ),
        (
            "1,25",
            "zh",
            "“1,25” is not a number as written in Chinese (the comma separates thousands); "
            "if you meant 1.25, write 1.25",
        ),
        (
            "1.2345",
            "fr",
            "“1.2345” is not a number as written in French (the dot separates thousands); "
            "if you meant 1.2345, write 1,2345",
        ),
        (
            "2.4821",
            "es",
            "“2.4821” is not a number as written in Spanish (the dot separates thousands); "
            "if you meant 2.4821, write 2,4821",
        ),
    ],
)
def test_a_separator_the_language_does_not_use_so_is_not_read(text, lang, message):
    assert read_number(text, lang) == Reading(None, "ambiguous-number", message)


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        (
            "1,250",
            "fr",
            "“1,250” reads as 1.25 in a French report, but a whole number is expected here; "
            "if you meant 1250, write 1250 (or 1 250)",
        ),
        (
            "1.250",
            "en",
            "“1.250” reads as 1.25 in an English report, but a whole number is expected here; "
            "if you meant 1250, write 1250 (or 1,250)",
        ),
        (
            "2,482",
            "es",
            "“2,482” reads as 2.482 in a Spanish report, but a whole number is expected here; "
            "if you meant 2482, write 2482 (or 2.482)",
        ),
        (
            "1,000",
            "fr",
            "“1,000” reads as 1 in a French report, but it could also mean 1000; "
            "write 1 or 1000 (or 1 000)",
        ),
    ],
)
def test_a_count_that_reads_two_ways_is_not_read(text, lang, message):
    assert read_number(text, lang, whole=True) == Reading(None, "ambiguous-number", message)
    assert read_number(text, lang).value is not None  # without whole, the language decides


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("1,250", "en", 1250),
        ("1.250", "fr", 1250),
        ("1.000", "es", 1000),
        ("12,00", "fr", 12),  # a zero fraction, and no other reading: a whole number
        ("12.0", "en", 12),
        (f"1{NBSP}250", "fr", 1250),
    ],
)
def test_whole_numbers(text, lang, value):
    reading = read_number(text, lang, whole=True)
    assert reading == Reading(value)
    assert type(reading.value) is int


def test_a_fraction_where_a_whole_number_is_expected():
    assert read_number("1,5", "fr", whole=True) == Reading(
        None, "not-a-number", "“1,5” is not a whole number; a whole number is expected here"
    )
    assert read_number("2.5", "en", whole=True).problem == "not-a-number"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("6,1 %", "fr", 6.1), ("6.1%", "en", 6.1), (f"6,1{NBSP}%", "es", 6.1), ("12", "en", 12)],
)
def test_percentages(text, lang, value):
    assert read_number(text, lang, percent=True) == Reading(value)


def test_a_percent_sign_is_read_only_where_a_percentage_is_expected():
    assert read_number("6,1 %", "fr").problem == "not-a-number"
    assert read_number("6,1%", "en", percent=True) == Reading(
        None,
        "ambiguous-number",
        "“6,1%” is not a number as written in English (the comma separates thousands); "
        "if you meant 6.1, write 6.1%",
    )


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("12 persons", "12 persons"),
        ("approx. 12", "approx. 12"),
        ("", ""),
        ("   ", ""),
        ("inf", "inf"),
        ("nan", "nan"),
        ("1e400", "1e400"),
        ("Infinity", "Infinity"),
        ("1,25,000", "1,25,000"),  # lakh grouping: groups must have three digits
        ("1..5", "1..5"),
        ("12.", "12."),
        ("1.234 567", "1.234 567"),  # two kinds of grouping
        ("1,234.567.8", "1,234.567.8"),
        ("12.345.6", "12.345.6"),
        ("--5", "--5"),
        ("0x1F", "0x1F"),
        ("½", "½"),
        ("a" * 60, "a" * 39 + "…"),
        ("1" * 101, "1" * 39 + "…"),
    ],
)
def test_anything_else_is_not_a_number(text, shown):
    for lang in ("en", "fr", "es", "ru", "ar", "zh"):
        assert read_number(text, lang) == Reading(
            None, "not-a-number", f"“{shown}” is not a number"
        )


def test_numbers_already_stored_as_numbers():
    assert read_number(1250, "fr") == Reading(1250)  # type: ignore[arg-type]
    assert read_number(0.061, "fr") == Reading(0.061)  # type: ignore[arg-type]
    assert read_number(12.0, "en", whole=True) == Reading(12)  # type: ignore[arg-type]
    assert read_number(float("nan"), "en").problem == "not-a-number"  # type: ignore[arg-type]
    assert read_number(None, "en").problem == "not-a-number"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.2万", 12000),
        ("3亿", 300000000),
        ("1亿2000万", 120000000),
        ("12万3456", 123456),
        ("3千5百", 3500),
        ("1亿2千万", 120000000),
        ("5百万", 5000000),  # compound units multiply
        ("3千万", 30000000),
        ("1万亿", 10**12),
        ("12萬", 120000),  # traditional characters
        ("3億", 300000000),
        ("12 万", 120000),
        ("12\u202f万", 120000),
        ("1万 2千", 12000),
        ("1234567890123456789012345678901万", 12345678901234567890123456789010000),  # exact
        ("５万", 50000),  # full-width digits, as a Chinese input method types them
        ("-3万", -30000),
        ("0.5万", 5000),
        ("1.23456万", 12345.6),
    ],
)
def test_numbers_with_chinese_units_read(text, value):
    assert read_number(text, "zh") == Reading(value)
    assert read_number(text, "en") == Reading(value)  # the units mean one thing anywhere


@pytest.mark.parametrize(
    "text",
    [
        "万",
        "1万1亿",
        "1万12千",
        "1亿20000万",
        "1.5万3",
        "1.2万人",
        "约1.2万",
        "12万34567",
        "万5",
        # digits after the last unit that do not fill its places: 10,005 or 15,000?
        "1万5",
        "3千5",
        "12万345",
        "1亿2000",
        # grouping marks read differently by language (1,500 is 1.5 in French): not guessed
        "2,000万",
        "1,5万",
        "१२万",  # Devanagari digits are not read without units either
    ],
)
def test_chinese_units_out_of_order_or_with_words_are_not_numbers(text):
    assert read_number(text, "zh").problem == "not-a-number"


def test_a_percentage_is_never_written_with_chinese_units():
    assert read_number("1.2万%", "zh", percent=True).problem == "not-a-number"


def test_a_fraction_with_chinese_units_is_not_a_count():
    assert read_number("1.23456万", "zh", whole=True).problem == "not-a-number"
    assert read_number("1.2万", "zh", whole=True) == Reading(12000)


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_written_the_way_each_language_writes_them_read_back(n):
    english = f"{n:,}"
    assert read_number(english, "en") == Reading(n)
    assert read_number(english.replace(",", NBSP), "fr") == Reading(n)
    assert read_number(english.replace(",", "."), "es") == Reading(n)
    for text, lang in ((english, "en"), (english.replace(",", "."), "es")):
        assert read_number(text, lang, whole=True) == Reading(n)


@given(st.text(max_size=30), st.sampled_from(["en", "fr", "es", "ru", "ar", "zh", "xx"]))
def test_any_text_gives_a_finite_value_or_a_problem(text, lang):
    for whole in (False, True):
        reading = read_number(text, lang, whole=whole, percent=True)
        if reading.problem is None:
            assert isinstance(reading.value, int | float) and math.isfinite(reading.value)
        else:
            assert reading.value is None and reading.message.startswith("“")


# --------------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "lang", "iso"),
    [
        ("2027-03-12", "en", "2027-03-12"),
        ("2027-3-12", "fr", "2027-03-12"),
        ("2027/3/12", "zh", "2027-03-12"),
        ("2027/3/12", "en", "2027-03-12"),
        ("2027-03-12T00:00:00Z", "en", "2027-03-12"),
        ("12/03/2027", "fr", "2027-03-12"),
        ("12/03/2027", "es", "2027-03-12"),
        ("12.03.2027", "ru", "2027-03-12"),
        ("12.03.2027 г.", "ru", "2027-03-12"),
        ("12-03-2027", "ar", "2027-03-12"),
        ("١٢/٠٣/٢٠٢٧", "ar", "2027-03-12"),
        ("25/03/2027", "en", "2027-03-25"),
        ("03/25/2027", "en", "2027-03-25"),
        ("05/05/2027", "en", "2027-05-05"),
        ("03/25/2027", "fr", "2027-03-25"),  # month first, but no other reading
        ("12 mars 2027", "fr", "2027-03-12"),
        ("12 MARS 2027", "fr", "2027-03-12"),
        ("1er mars 2027", "fr", "2027-03-01"),
        ("12 février 2027", "fr", "2027-02-12"),
        ("12 fevrier 2027", "fr", "2027-02-12"),
        ("12 févr. 2027", "fr", "2027-02-12"),
        ("12 de marzo de 2027", "es", "2027-03-12"),
        ("1.º de marzo de 2027", "es", "2027-03-01"),
        ("12 March 2027", "en", "2027-03-12"),
        ("12 March 2027", "fr", "2027-03-12"),  # English month names in any report
        ("12th of March 2027", "en", "2027-03-12"),
        ("12 Mar 2027", "en", "2027-03-12"),
        ("12 Sept. 2027", "en", "2027-09-12"),
        ("March 12, 2027", "en", "2027-03-12"),
        ("Friday, 12 March 2027", "en", "2027-03-12"),
        ("vendredi 12 mars 2027", "fr", "2027-03-12"),
        ("12 марта 2027 г.", "ru", "2027-03-12"),
        ("12 марта 2027 года", "ru", "2027-03-12"),
        ("12 مارس 2027", "ar", "2027-03-12"),
        ("12 آذار 2027", "ar", "2027-03-12"),
        ("12 كانون الثاني 2027", "ar", "2027-01-12"),
        ("2027年3月12日", "zh", "2027-03-12"),
        ("2027年3月", "zh", "2027-03"),
        ("March 2027", "en", "2027-03"),
        ("mars 2027", "fr", "2027-03"),
        ("marzo de 2027", "es", "2027-03"),
        ("marzo 2027", "es", "2027-03"),
        ("март 2027", "ru", "2027-03"),
        ("2027-03", "en", "2027-03"),
        ("03/2027", "fr", "2027-03"),
        ("2027", "en", "2027"),
        ("2027 г.", "ru", "2027"),
    ],
)
def test_dates_read(text, lang, iso):
    assert read_date(text, lang) == Reading(iso)
    assert is_iso_date(iso)


def test_a_numeric_date_that_reads_two_ways_in_english_is_not_read():
    assert read_date("12/03/2027", "en") == Reading(
        None,
        "bad-date",
        "“12/03/2027” could be 12 March 2027 or 3 December 2027; write it as YYYY-MM-DD "
        "(2027-03-12 or 2027-12-03)",
    )


ADVICE = "write it as YYYY-MM-DD, for example 2028-03-15"


@pytest.mark.parametrize(
    ("text", "lang", "message"),
    [
        ("soon", "en", f"“soon” is not a date; {ADVICE}"),
        ("", "en", f"“” is not a date; {ADVICE}"),
        ("Q1 2027", "en", f"“Q1 2027” is not a date; {ADVICE}"),
        ("12 mars 2027", "en", f"“12 mars 2027” is not a date; {ADVICE}"),
        ("March 2027 or April 2027", "en", f"“March 2027 or April 2027” is not a date; {ADVICE}"),
        ("2027-02-30", "en", f"“2027-02-30” is not a date (February 2027 has no day 30); {ADVICE}"),
        ("31/04/2027", "fr", f"“31/04/2027” is not a date (April 2027 has no day 31); {ADVICE}"),
        ("13/13/2027", "en", f"“13/13/2027” is not a date (there is no month 13); {ADVICE}"),
        ("1949-12-31", "en", f"“1949-12-31” has a year outside 1950–2100; {ADVICE}"),
        ("12 mars 2101", "fr", f"“12 mars 2101” has a year outside 1950–2100; {ADVICE}"),
        ("March 12", "en", f"“March 12” has no year; {ADVICE}"),
        ("12 mars", "fr", f"“12 mars” has no year; {ADVICE}"),
        (
            "12/03/27",
            "fr",
            "“12/03/27” has a two-digit year; write the date with its four-digit year as "
            "YYYY-MM-DD, for example 2028-03-15",
        ),
        (
            "12 mars 27",
            "fr",
            "“12 mars 27” has a two-digit year; write the date with its four-digit year as "
            "YYYY-MM-DD, for example 2028-03-15",
        ),
        (
            "Tuesday, 12 March 2027",
            "en",
            f"“Tuesday, 12 March 2027” names a Tuesday, but 12 March 2027 is a Friday; {ADVICE}",
        ),
        ("x" * 120, "en", f"“{'x' * 39}…” is not a date; {ADVICE}"),
    ],
)
def test_anything_else_is_a_bad_date(text, lang, message):
    assert read_date(text, lang) == Reading(None, "bad-date", message)


@given(st.text(max_size=30), st.sampled_from(["en", "fr", "es", "ru", "ar", "zh"]))
def test_a_date_read_is_always_iso(text, lang):
    reading = read_date(text, lang)
    if reading.problem is None:
        assert isinstance(reading.value, str) and is_iso_date(reading.value)
    else:
        assert reading.problem == "bad-date" and reading.value is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2027-03-12", True),
        ("2027-03", True),
        ("2027", True),
        ("1950-01-01", True),
        ("2100-12-31", True),
        ("2028-02-29", True),
        ("2027-02-29", False),
        ("2027-3-12", False),
        ("2027-13", False),
        ("1949", False),
        ("2101-01-01", False),
        ("12/03/2027", False),
        ("2027-03-12T00:00:00", False),
        ("", False),
    ],
)
def test_is_iso_date(text, iso):
    assert is_iso_date(text) is iso


@pytest.mark.parametrize("text", ["1,250", "1.250", "١,٢٥٠", "12.500"])
def test_an_arabic_report_does_not_guess_a_lone_separator_before_three_digits(text):
    # Arabic writes 1,250.5 in the Mashreq and the Gulf and 1 250,5 in the Maghreb: a lone
    # separator before three digits is either a thousand or a decimal, so it is not read
    reading = read_number(text, "ar")
    assert reading.value is None and reading.problem == "ambiguous-number"
    assert "if you meant" in reading.message and "\u066b" in reading.message
    assert read_number(text, "ar", whole=True).value is None


# ---------------------------------------------------------------- conventions are data


def test_a_languages_conventions_come_from_its_entry_in_languages_yaml(monkeypatch):
    """Adding a language is adding its entry to templates/i18n/languages.yaml: Portuguese,
    given one (decimal comma, day-first dates, Babel's Portuguese month names), is read as
    its reports write; without it, as English."""
    from dataclasses import replace

    from gcmreview import languages

    assert read_number("1,250", "pt").value == 1250  # as English
    assert read_date("03/04/2028", "pt").value is None  # as English: which is meant?
    known = languages.languages()
    portuguese = replace(known["fr"], code="pt", name="Português", english_name="Portuguese",
                         name_locales=("pt",))  # fmt: skip
    monkeypatch.setattr(languages, "languages", lambda: {**known, "pt": portuguese})
    assert read_number("1,250", "pt").value == 1.25
    assert read_number("2.482.000", "pt").value == 2482000
    assert read_date("03/04/2028", "pt").value == "2028-04-03"
    assert read_date("3 de abril de 2028", "pt").value == "2028-04-03"
    message = read_number("1,250", "pt", whole=True).message
    assert "in a Portuguese report" in message and "write 1250 (or 1 250)" in message
