"""Larger files in the official formats, written by the tests, for the import guard: its limits are
shares (2%, 20%), which the few rows of import_samples cannot show. Every value is made from the
row's number, so that a test can say exactly what a file holds."""

from pathlib import Path

INSTITUTIONS = "ipeds/ipeds2023_institutions.csv"
COST = "ipeds/ipeds2023_cost.csv"
EARNINGS = "scorecard/earnings_2025.csv"
FIELD_OF_STUDY = "programs/scorecard_field_of_study_2025_all_levels.csv"
OCCUPATIONS = "onet/Occupation Data.txt"
TASKS = "onet/Task Statements.txt"


def unitid(number):
    return 300_000 + number


def school_rows(count):
    """(unitid, name, state, control) of `count` schools, every third one private."""
    states = ("MD", "VA", "CA", "TX", "NY")
    return [
        (unitid(n), f"College {n}", states[n % len(states)], 2 if n % 3 == 0 else 1) for n in range(count)
    ]


def tuition(number, scale=1.0):
    """(out-of-state, in-state) tuition: in-state below out-of-state at a public school."""
    base = 10_000 + 37 * number
    private = number % 3 == 0
    return round((base if private else 2 * base) * scale), round(base * scale)


def earnings(number, scale=1.0):
    """(10 years after entry, 6 years): the later figure higher, as nearly always."""
    return round((50_000 + 11 * number) * scale), round((40_000 + 9 * number) * scale)


def schools_files(count, *, tuition_scale=1.0, earnings_scale=1.0, blank_earnings=()):
    """{path: text} of the three school files for `count` schools; `blank_earnings`: the school
    numbers whose earnings the file suppresses."""
    institutions = ["UnitID,INSTITUTION,CITY,STATE,ZIP,CONTROL"]
    cost = ["UnitID,Institution Name,TUITION_FEES_2023_OUTSTATE,TUITION_FEES_INSTATE2023"]
    earned = ["UNITID,INSTNM,STABBR,MD_EARN_WNE_P10,MD_EARN_WNE_P6"]
    blank = set(blank_earnings)
    for number, (school, name, state, control) in enumerate(school_rows(count)):
        institutions.append(f"{school},{name},Springfield,{state},{20_000 + number},{control}")
        out_of_state, in_state = tuition(number, tuition_scale)
        cost.append(f"{school},{name},{out_of_state},{in_state}")
        ten, six = (
            ("PrivacySuppressed", "PrivacySuppressed")
            if number in blank
            else earnings(number, earnings_scale)
        )
        earned.append(f"{school},{name},{state},{ten},{six}")
    return {
        INSTITUTIONS: "\n".join(institutions) + "\n",
        COST: "\n".join(cost) + "\n",
        EARNINGS: "\n".join(earned) + "\n",
    }


def field_of_study_file(count, schools):
    """`count` Scorecard field-of-study rows (bachelor's and master's of several series) at the
    first `schools` schools."""
    header = "UNITID,CIPCODE,CIPDESC,CREDLEV,CREDDESC,IPEDSCOUNT2,EARN_COUNT_WNE_5YR,EARN_MDN_5YR,DISTANCE"
    series = ("1107", "5201", "2601", "4501", "4201")
    rows = []
    for number in range(count):
        school = unitid(number % schools)
        code = series[(number // schools) % len(series)]
        level = 3 if (number // (schools * len(series))) % 2 == 0 else 5
        degree = "Bachelor's Degree" if level == 3 else "Master's Degree"
        rows.append(
            f"{school},{code},Field {code}.,{level},{degree},{20 + number % 50},10,{45_000 + 7 * number},1"
        )
    return "\n".join([header, *rows]) + "\n"


def occupation_codes(count):
    return [f"{11 + n // 90:02d}-{1000 + n % 90 * 10:04d}.00" for n in range(count)]


def onet_files(occupations, tasks):
    """Occupation Data for `occupations` occupations and `tasks` Task Statements among them."""
    codes = occupation_codes(occupations)
    data = ["O*NET-SOC Code\tTitle\tDescription"]
    data += [f"{code}\tOccupation {n}\tWhat occupation {n} does." for n, code in enumerate(codes)]
    statements = ["O*NET-SOC Code\tTask ID\tTask\tTask Type\tIncumbents Responding\tDate\tDomain Source"]
    statements += [
        f"{codes[n % occupations]}\t{1000 + n}\tDo task {n}.\t{'Core' if n % 4 else 'Supplemental'}\t25\t08/2023\tIncumbent"
        for n in range(tasks)
    ]
    return {OCCUPATIONS: "\r\n".join(data) + "\r\n", TASKS: "\r\n".join(statements) + "\r\n"}


def write_files(root, files):
    """Write {path: text or bytes} under `root` (replacing what is there); returns `root`."""
    root = Path(root)
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root
