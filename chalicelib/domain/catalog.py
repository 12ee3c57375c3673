"""Closed vocabularies of the product: regions and provinces, languages, event types, styles,
diets.

They are codes, not display text: pages and notifications translate them.
"""

from __future__ import annotations

from enum import StrEnum
from zoneinfo import ZoneInfo

MOROCCO = ZoneInfo("Africa/Casablanca")  # every local time Walima shows or decides by


class Region(StrEnum):
    """The 12 regions of Morocco (2015)."""

    TANGER_TETOUAN_AL_HOCEIMA = "tanger-tetouan-al-hoceima"
    ORIENTAL = "oriental"
    FES_MEKNES = "fes-meknes"
    RABAT_SALE_KENITRA = "rabat-sale-kenitra"
    BENI_MELLAL_KHENIFRA = "beni-mellal-khenifra"
    CASABLANCA_SETTAT = "casablanca-settat"
    MARRAKECH_SAFI = "marrakech-safi"
    DRAA_TAFILALET = "draa-tafilalet"
    SOUSS_MASSA = "souss-massa"
    GUELMIM_OUED_NOUN = "guelmim-oued-noun"
    LAAYOUNE_SAKIA_EL_HAMRA = "laayoune-sakia-el-hamra"
    DAKHLA_OUED_ED_DAHAB = "dakhla-oued-ed-dahab"


class Province(StrEnum):
    """The 75 prefectures and provinces of Morocco, region by region. Caterers serve and meals
    are held in the six of Souss-Massa (``SOUSS_MASSA``); products go anywhere."""

    # tanger-tetouan-al-hoceima
    TANGER_ASSILAH = "tanger-assilah"
    MDIQ_FNIDEQ = "mdiq-fnideq"
    TETOUAN = "tetouan"
    FAHS_ANJRA = "fahs-anjra"
    LARACHE = "larache"
    AL_HOCEIMA = "al-hoceima"
    CHEFCHAOUEN = "chefchaouen"
    OUEZZANE = "ouezzane"

    # oriental
    OUJDA_ANGAD = "oujda-angad"
    NADOR = "nador"
    DRIOUCH = "driouch"
    JERADA = "jerada"
    BERKANE = "berkane"
    TAOURIRT = "taourirt"
    GUERCIF = "guercif"
    FIGUIG = "figuig"

    # fes-meknes
    FES = "fes"
    MEKNES = "meknes"
    EL_HAJEB = "el-hajeb"
    IFRANE = "ifrane"
    MOULAY_YACOUB = "moulay-yacoub"
    SEFROU = "sefrou"
    BOULEMANE = "boulemane"
    TAOUNATE = "taounate"
    TAZA = "taza"

    # rabat-sale-kenitra
    RABAT = "rabat"
    SALE = "sale"
    SKHIRATE_TEMARA = "skhirate-temara"
    KENITRA = "kenitra"
    KHEMISSET = "khemisset"
    SIDI_KACEM = "sidi-kacem"
    SIDI_SLIMANE = "sidi-slimane"

    # beni-mellal-khenifra
    BENI_MELLAL = "beni-mellal"
    AZILAL = "azilal"
    FQUIH_BEN_SALAH = "fquih-ben-salah"
    KHENIFRA = "khenifra"
    KHOURIBGA = "khouribga"

    # casablanca-settat
    CASABLANCA = "casablanca"
    MOHAMMEDIA = "mohammedia"
    EL_JADIDA = "el-jadida"
    NOUACEUR = "nouaceur"
    MEDIOUNA = "mediouna"
    BENSLIMANE = "benslimane"
    BERRECHID = "berrechid"
    SETTAT = "settat"
    SIDI_BENNOUR = "sidi-bennour"

    # marrakech-safi
    MARRAKECH = "marrakech"
    CHICHAOUA = "chichaoua"
    AL_HAOUZ = "al-haouz"
    EL_KELAA_DES_SRAGHNA = "el-kelaa-des-sraghna"
    ESSAOUIRA = "essaouira"
    REHAMNA = "rehamna"
    SAFI = "safi"
    YOUSSOUFIA = "youssoufia"

    # draa-tafilalet
    ERRACHIDIA = "errachidia"
    OUARZAZATE = "ouarzazate"
    MIDELT = "midelt"
    TINGHIR = "tinghir"
    ZAGORA = "zagora"

    # souss-massa
    AGADIR_IDA_OUTANANE = "agadir-ida-outanane"
    INEZGANE_AIT_MELLOUL = "inezgane-ait-melloul"
    CHTOUKA_AIT_BAHA = "chtouka-ait-baha"
    TAROUDANT = "taroudant"
    TIZNIT = "tiznit"
    TATA = "tata"

    # guelmim-oued-noun
    GUELMIM = "guelmim"
    ASSA_ZAG = "assa-zag"
    TAN_TAN = "tan-tan"
    SIDI_IFNI = "sidi-ifni"

    # laayoune-sakia-el-hamra
    LAAYOUNE = "laayoune"
    BOUJDOUR = "boujdour"
    TARFAYA = "tarfaya"
    ES_SEMARA = "es-semara"

    # dakhla-oued-ed-dahab
    OUED_ED_DAHAB = "oued-ed-dahab"
    AOUSSERD = "aousserd"


class Language(StrEnum):
    AR = "ar"
    FR = "fr"
    EN = "en"


class EventType(StrEnum):
    WEDDING = "wedding"
    ENGAGEMENT = "engagement"
    AQIQA = "aqiqa"
    CORPORATE = "corporate"
    ASSOCIATION = "association"
    MUNICIPAL = "municipal"
    RELIGIOUS = "religious"
    OTHER = "other"
    REGIONAL_PRODUCTS = "regional_products"  # gift boxes, pastries by the kilo, decoration


class ServiceStyle(StrEnum):
    BUFFET = "buffet"
    PLATED = "plated"
    FAMILY_STYLE = "family_style"
    COCKTAIL = "cocktail"
    DELIVERY = "delivery"


class Dietary(StrEnum):
    HALAL = "halal"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    GLUTEN_FREE = "gluten_free"
    DIABETIC = "diabetic"
    NUT_FREE = "nut_free"
    LACTOSE_FREE = "lactose_free"


class Category(StrEnum):
    CATERING = "catering"
    PASTRY = "pastry"
    COOPERATIVE = "cooperative"
    ARTISAN = "artisan"
    DECORATION = "decoration"
    ARGAN_PRODUCTS = "argan_products"
    AMLOU = "amlou"
    GIFT_BOXES = "gift_boxes"
    PASTRIES_BY_KILO = "pastries_by_kilo"


# Tenders that ask for products rather than a meal: ``guests`` is then a quantity (boxes,
# kilos or recipients) and the tender must say which categories of products it asks for.
PRODUCT_EVENTS = frozenset({EventType.REGIONAL_PRODUCTS})
SOUSS_MASSA = (
    Province.AGADIR_IDA_OUTANANE,
    Province.INEZGANE_AIT_MELLOUL,
    Province.CHTOUKA_AIT_BAHA,
    Province.TAROUDANT,
    Province.TIZNIT,
    Province.TATA,
)  # where caterers serve and meals are held
MEAL_CATEGORIES = (Category.CATERING,)


def tender_categories(event_type: EventType, asked: tuple[Category, ...]) -> tuple[Category, ...]:
    """What a tender asks for: as sent (without repeats), else a meal event's default;
    a products tender has no default (``check_draft`` refuses it empty)."""
    if asked:
        return tuple(dict.fromkeys(asked))
    return () if event_type in PRODUCT_EVENTS else MEAL_CATEGORIES
