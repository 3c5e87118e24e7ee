"""The engine's steps against the published UN DESA tables.

Each test reads public copies in ``../shared/data`` and is skipped when
they are absent. The age distributions are those of the 2017 revision
(percentages by name), the totals, populations and origin matrix those of
the 2020 revision; the checks compare proportions only, so mixing the two
revisions does not enter the comparison.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from stock_support import shared_file

from migdev.stats.stock.inputs import ORIGIN_TOTAL, ORIGIN_UNKNOWN
from migdev.stats.stock.interpolate import mid_year
from migdev.stats.stock.sexage import IMS_AGE_GROUPS, sex_age_distribution

pytestmark = pytest.mark.shared_data

AGE_FILES = {
    "both": "ims2017_age_distribution_pct_both_sexes.csv",
    "male": "ims2017_age_distribution_pct_male.csv",
    "female": "ims2017_age_distribution_pct_female.csv",
}
# 2017 spellings of the 2020 names (the 2017 extracts carry no codes).
NAMES_2017: dict[str, str] = {
    "USA": "United States of America",
    "Iran": "Iran (Islamic Republic of)",
    "Venezuela": "Venezuela (Bolivarian Republic of)",
    "Rep. Dem. of the Congo": "Democratic Republic of the Congo",
    "Lao People's Rep. Dem.": "Lao People's Democratic Republic",
    "China. Hong Kong SAR": "China, Hong Kong SAR",
    "China. Macao SAR": "China, Macao SAR",
    "TFYR Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "Faeroe Islands": "Faroe Islands",
    "Caribbean Netherlands": "Bonaire, Sint Eustatius and Saba",
    "Australia/New Zealand": "Australia and New Zealand",
    "More developed regions": "Developed regions",
    "Less developed regions. excluding least developed countries": (
        "Less developed regions, excluding least developed countries"
    ),
}
ROUNDING = 0.05 * len(IMS_AGE_GROUPS)
"""Largest distance from 100 of 16 shares each rounded to 0.1."""


def _read_age(sex: str) -> pd.DataFrame:
    path = shared_file("migrant_stock", AGE_FILES[sex])
    try:
        frame = pd.read_csv(path, na_values=[".."], encoding="utf-8")
    except UnicodeDecodeError:  # the both-sexes extract is in Latin-1
        frame = pd.read_csv(path, na_values=[".."], encoding="latin-1")
    frame.columns = [str(c).strip() for c in frame.columns]
    frame["area"] = frame["MajorArea"].str.strip().replace(NAMES_2017)
    return frame


@pytest.fixture(scope="module")
def published_2020() -> pd.DataFrame:
    return pd.read_csv(
        shared_file("migrant_stock", "ims2020_by_destination_sex_1990_2020.csv")
    )


@pytest.fixture(scope="module")
def age_2017() -> dict[str, pd.DataFrame]:
    return {sex: _read_age(sex) for sex in AGE_FILES}


def _sum_failures(frame: pd.DataFrame) -> pd.DataFrame:
    ages = list(IMS_AGE_GROUPS)
    given = frame[ages].notna().all(axis=1)
    total = frame[ages].sum(axis=1)
    bad = given & ((total - 100.0).abs() > ROUNDING)
    return frame.loc[bad, ["Year", "MajorArea"]].assign(sum=total[bad])


def test_published_age_distributions_sum_to_100(
    age_2017: dict[str, pd.DataFrame],
) -> None:
    """Every area and year adds up to 100 within rounding, but two areas.

    Saint Helena and Holy See print 0 in every age group (and 100 in
    Total) in all three files, for every year: no distribution is given.
    """
    for sex, frame in age_2017.items():
        assert list(frame.columns[2:18]) == list(IMS_AGE_GROUPS)
        failures = _sum_failures(frame)
        listing = failures.to_string(index=False)
        assert set(failures["MajorArea"]) <= {"Saint Helena", "Holy See"}, (
            f"{sex}: {len(failures)} area-years do not sum to 100 ± {ROUNDING}:\n"
            f"{listing}"
        )
        assert failures["sum"].eq(0).all(), listing
        given = frame[list(IMS_AGE_GROUPS)].notna().all(axis=1)
        ok = frame[given & ~frame.index.isin(failures.index)]
        spread = (ok[list(IMS_AGE_GROUPS)].sum(axis=1) - 100).abs().max()
        print(f"{sex}: {len(ok)} area-years within {spread:.2f} of 100")
        assert given.sum() >= 1870


def _age_observations(
    age_2017: dict[str, pd.DataFrame], published: pd.DataFrame, sexes: tuple[str, ...]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published totals by sex times the 2017 percentages, as observations."""
    codes = published.drop_duplicates("area").set_index("area")["location_code"]
    totals = published.set_index(["location_code", "year"])
    frames, shares = [], []
    for sex in sexes:
        frame = age_2017[sex]
        frame = frame[~frame.index.isin(_sum_failures(frame).index)]
        frame = frame.dropna(subset=list(IMS_AGE_GROUPS))
        frame = frame.assign(location_code=frame["area"].map(codes))
        frame = frame.dropna(subset=["location_code"])
        key = pd.MultiIndex.from_arrays(
            [frame["location_code"].astype("int64"), frame["Year"]]
        )
        total = totals[f"migrants_{sex}"].reindex(key).to_numpy()
        frame = frame.assign(total=total)[np.isfinite(total) & (total > 0)]
        long = frame.melt(
            id_vars=["location_code", "Year", "total"],
            value_vars=list(IMS_AGE_GROUPS),
            var_name="age",
            value_name="percent",
        )
        frames.append(
            long.assign(sex=sex, migrants=long["total"] * long["percent"] / 100)
        )
        frames.append(
            frame.assign(sex=sex, age="total", migrants=frame["total"])[
                ["location_code", "Year", "sex", "age", "migrants"]
            ]
        )
        shares.append(long.assign(sex=sex))
    obs = pd.concat(frames, ignore_index=True)
    obs = obs.assign(
        location_code=obs["location_code"].astype("int64"),
        origin_code=ORIGIN_TOTAL,
        t=mid_year(obs["Year"].to_numpy()),
    )
    return obs, pd.concat(shares, ignore_index=True)


def test_age_step_reproduces_the_published_sex_age_distributions(
    age_2017: dict[str, pd.DataFrame], published_2020: pd.DataFrame
) -> None:
    """Totals by sex + the distributions by sex: every cell comes back."""
    obs, shares = _age_observations(age_2017, published_2020, ("male", "female"))
    # Only area-years where both sexes are given.
    both = obs.groupby(["location_code", "Year"])["sex"].transform("nunique") == 2
    obs = obs[both]
    locations = np.unique(obs["location_code"].to_numpy())
    years = np.unique(obs["Year"].to_numpy())
    assert len(locations) >= 230 and len(years) == 6  # 1990-2015
    dist = sex_age_distribution(
        obs, locations=locations, targets=mid_year(years), ages=IMS_AGE_GROUPS
    )
    props = dist.proportions  # [location, year, sex, age]
    np.testing.assert_allclose(props.sum(axis=(2, 3)), 1.0, atol=1e-12)
    sex_totals = (
        obs[obs["age"] == "total"]
        .pivot_table(index=["location_code", "Year"], columns="sex", values="migrants")
        .reindex(pd.MultiIndex.from_product([locations, years]))
    )
    given = sex_totals.notna().all(axis=1).to_numpy().reshape(len(locations), -1)
    # Sex margin: the published totals by sex.
    female = sex_totals["female"] / sex_totals[["male", "female"]].sum(axis=1)
    np.testing.assert_allclose(
        props[..., 1, :].sum(axis=-1)[given],
        female.to_numpy().reshape(len(locations), -1)[given],
        rtol=1e-9,
    )
    # Within each sex: the published percentages, renormalized to 100.
    within = 100 * props / props.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(within.sum(axis=-1)[given], 100.0)
    table = shares.pivot_table(
        index=["location_code", "Year", "sex"], columns="age", values="percent"
    )[list(IMS_AGE_GROUPS)]
    index = pd.MultiIndex.from_product([locations, years, ("male", "female")])
    published = table.reindex(index).to_numpy().reshape(within.shape)
    cells = given[..., None, None] & np.isfinite(published)
    normalized = 100 * published / published.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(within[cells], normalized[cells], atol=1e-9)
    gap = np.abs(within[cells] - published[cells]).max()
    print(f"{given.sum()} area-years by sex; largest gap to the printed % {gap:.3f}")
    assert gap <= ROUNDING
    assert set(dist.status) == {"observed"}


def test_age_step_keeps_the_both_sexes_distribution(
    age_2017: dict[str, pd.DataFrame], published_2020: pd.DataFrame
) -> None:
    """Total + the both-sexes distribution only: the age margin comes back."""
    obs, shares = _age_observations(age_2017, published_2020, ("both",))
    locations = np.unique(obs["location_code"].to_numpy())
    years = np.unique(obs["Year"].to_numpy())
    dist = sex_age_distribution(
        obs, locations=locations, targets=mid_year(years), ages=IMS_AGE_GROUPS
    )
    margin = 100 * dist.proportions.sum(axis=2)  # [location, year, age]
    table = shares.pivot_table(
        index=["location_code", "Year"], columns="age", values="percent"
    )[list(IMS_AGE_GROUPS)]
    published = (
        table.reindex(pd.MultiIndex.from_product([locations, years]))
        .to_numpy()
        .reshape(margin.shape)
    )
    rows = np.isfinite(published).all(axis=-1)
    assert rows.sum() >= 1300
    np.testing.assert_allclose(margin.sum(axis=-1), 100.0)
    normalized = 100 * published / published.sum(axis=-1, keepdims=True)
    np.testing.assert_allclose(margin[rows], normalized[rows], atol=1e-6)
    assert set(dist.status) == {"partial"}


@pytest.fixture(scope="module")
def workbook_2020() -> pd.DataFrame:
    from migdev.stats.stock.readers import read_un_workbook

    return read_un_workbook(
        shared_file(
            "migrant_stock", "undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx"
        ),
        sheets=["Table 1", "Table 2", "Table 3"],
    )


def test_shares_by_sex_recomputed_from_tables_1_and_2(
    workbook_2020: pd.DataFrame,
) -> None:
    """Table 3 (male, female) from the migrants of Table 1 and the WPP-layout
    population by sex of Table 2, through the whole estimation."""
    from migdev.stats.stock.engine import estimate_stock
    from migdev.stats.stock.inputs import population_from_wpp

    table = workbook_2020[workbook_2020["is_country"]]
    wide = table.pivot_table(
        index=["location_code", "year"], columns=["measure", "sex"], values="value"
    )
    pop = wide["population_thousands"].dropna(subset=["both"]).reset_index()
    wpp = pd.DataFrame(
        {
            "LocID": pop["location_code"],
            "Time": pop["year"],
            "PopMale": pop["male"],
            "PopFemale": pop["female"],
            "PopTotal": pop["both"],
        }
    )
    migrants = wide["migrants"].stack().rename("migrants").reset_index()
    migrants = migrants[migrants["migrants"] > 0]
    obs = migrants.assign(
        source_type="census",
        reference_date=migrants["year"].astype(str) + "-07-01",
        definition="foreign-born",
        age="total",
        origin_code=ORIGIN_TOTAL,
    ).drop(columns="year")
    years = sorted(int(y) for y in table["year"].dropna().unique())
    result = estimate_stock(obs, population_from_wpp(wpp), years=years)
    est = result.totals().set_index(["location_code", "year"])
    published = wide["migrant_share"]
    checked = 0
    for sex in ("male", "female"):
        given = published[sex].dropna()
        joined = pd.concat(
            [est[f"migrant_share_{sex}"].reindex(given.index), given], axis=1
        )
        assert joined.notna().all().all(), joined[joined.isna().any(axis=1)]
        checked += len(joined)
        # Table 3 holds the unrounded quotient; Table 2 is in thousands
        # with three decimals, hence the relative tolerance.
        np.testing.assert_allclose(
            joined.iloc[:, 0], joined.iloc[:, 1], rtol=1e-6, atol=1e-9
        )
        np.testing.assert_allclose(
            est[f"population_{sex}"].reindex(joined.index),
            1000 * wide[("population_thousands", sex)].reindex(joined.index),
        )
    # WPP gives no population by sex for the smallest countries, and
    # Table 3 leaves those cells '..': every printed cell is compared.
    assert checked >= 2 * 1388
    print(f"Table 3 by sex: {checked} country-year-sex cells recomputed")


def test_origin_step_reproduces_the_published_matrix(
    published_2020: pd.DataFrame,
) -> None:
    """Known origins by sex + the destination total (Table 1): every cell of
    the published matrix comes back, "Other" as the remainder (2003)."""
    from migdev.stats.stock.origin import origin_distribution

    matrix = pd.read_csv(
        shared_file("migrant_stock", "ims2020_origin_destination_by_sex_1990_2020.csv"),
        usecols=["year", "dest_m49", "orig_m49", "sex", "migrants"],
    )
    known = matrix[matrix["orig_m49"] != ORIGIN_UNKNOWN]
    totals = published_2020[published_2020["is_country_or_area"] == 1]
    totals = totals[totals["migrants_both"] > 0]
    obs = pd.concat(
        [
            pd.DataFrame(
                {
                    "location_code": known["dest_m49"],
                    "year": known["year"],
                    "sex": known["sex"],
                    "origin_code": known["orig_m49"],
                    "migrants": known["migrants"].astype(float),
                }
            ),
            pd.DataFrame(
                {
                    "location_code": totals["location_code"],
                    "year": totals["year"],
                    "sex": "both",
                    "origin_code": ORIGIN_TOTAL,
                    "migrants": totals["migrants_both"].astype(float),
                }
            ),
        ],
        ignore_index=True,
    )
    obs = obs.assign(age="total", t=mid_year(obs["year"].to_numpy()))
    locations = np.unique(totals["location_code"].to_numpy())
    years = np.unique(obs["year"].to_numpy())
    origins = np.union1d(matrix["orig_m49"].unique(), [ORIGIN_UNKNOWN])
    dist = origin_distribution(
        obs, locations=locations, targets=mid_year(years), origins=origins
    )
    total = (
        totals.set_index(["location_code", "year"])["migrants_both"]
        .reindex(pd.MultiIndex.from_product([locations, years]))
        .to_numpy()
        .reshape(len(locations), len(years))
    )
    estimated = dist.proportions * total[..., None]  # [destination, year, origin]
    both = matrix.groupby(["dest_m49", "year", "orig_m49"])["migrants"].sum()
    published = np.zeros_like(estimated)
    d = pd.Index(locations).get_indexer(both.index.get_level_values(0))
    y = pd.Index(years).get_indexer(both.index.get_level_values(1))
    o = pd.Index(origins).get_indexer(both.index.get_level_values(2))
    inside = d >= 0
    published[d[inside], y[inside], o[inside]] = both.to_numpy()[inside]
    given = np.isfinite(total)  # destination-years with a total above 0
    assert given.sum() >= 1600
    np.testing.assert_allclose(estimated.sum(axis=-1)[given], total[given], rtol=1e-12)
    np.testing.assert_allclose(estimated[given], published[given], atol=1e-6, rtol=1e-9)
    assert published[~given].sum() == 0
    unknown = int(np.flatnonzero(origins == ORIGIN_UNKNOWN)[0])
    assert published[..., unknown].sum() > 0
    # Destinations whose every migrant is of unknown origin have no known
    # origin row: the engine marks them "unknown" and puts all in 2003.
    only_unknown = ~np.isin(locations, known["dest_m49"].unique())
    assert (dist.status == "unknown").tolist() == only_unknown.tolist()
    print(
        f"origin matrix: {len(locations)} destinations x {len(years)} years x "
        f"{len(origins)} origins; {int(given.sum())} destination-years "
        f"({int(only_unknown.sum())} with every migrant of unknown origin), "
        f"{int((published > 0).sum())} non-zero cells, largest difference "
        f"{np.abs(estimated[given] - published[given]).max():.2e} persons"
    )
