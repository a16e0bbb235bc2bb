import pytest

from dateline.extract.names import is_short_form, name_key, name_tokens, same_name

# (spelling a, spelling b, one name?) -- invented names; the normalizer is generic
VARIANTS = [
    ("Khaled al-Masri", "Khaled El-Masri", True),
    ("Khaled al-Masri", "Khalid Al Masri", True),
    ("Abdel-Karim Haddad", "Abdel Karim Haddad", True),
    ("Abdul Karim Haddad", "Abd al-Karim Haddad", True),
    ("Yusuf Hassan", "Yusuf Hasan", True),
    ("Omar Shoukri", "Omar Shukry", True),
    ("José Núñez", "Jose Nunez", True),
    # negative rows: same surname, other first names are other people
    ("Hunter Lowe", "Martha Lowe", False),
    ("Ali Haddad", "Rami Haddad", False),
    ("Maria Costa", "Mario Conti", False),
]


@pytest.mark.parametrize("a,b,same", VARIANTS)
def test_same_name(a, b, same):
    assert same_name(name_tokens(a), name_tokens(b)) is same


@pytest.mark.parametrize("short,full,expected", [
    ("El-Masri", "Khaled al-Masri", True),
    ("Masri", "Khaled al-Masri", True),
    ("Karim Haddad", "Abdel Karim Haddad", True),
    ("Haddad", "Khaled al-Masri", False),
    ("Khaled al-Masri", "Masri", False),
])
def test_short_form(short, full, expected):
    assert is_short_form(name_tokens(short), name_tokens(full)) is expected


def test_key_drops_articles_hyphens_and_possessives():
    assert name_key("Al-Masri’s") == name_key("masri") == "masri"
    assert name_tokens("El") == ("el",)  # an article alone is kept: it is the whole name
