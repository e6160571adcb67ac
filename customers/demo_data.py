"""Realistic Singapore and Malaysia customer data for demos and benchmarks.

Every generator takes a `random.Random`, so the same seed gives the same
people.
"""

import random

CHINESE_SURNAMES = [
    "Tan",
    "Lim",
    "Lee",
    "Ng",
    "Ong",
    "Wong",
    "Goh",
    "Chua",
    "Chan",
    "Koh",
    "Teo",
    "Ang",
    "Yeo",
    "Tay",
    "Ho",
    "Low",
    "Sim",
    "Chong",
    "Leong",
    "Foo",
]
CHINESE_GIVEN = [
    "Wei Ming",
    "Hui Min",
    "Mei Ling",
    "Jia Hui",
    "Zhi Hao",
    "Xiu Ying",
    "Kok Wai",
    "Siew Lan",
    "Boon Keng",
    "Li Ting",
    "Jun Jie",
    "Pei Shan",
    "Yong Sheng",
    "Shu Fen",
    "Wen Jie",
    "Ai Ling",
]
CHINESE_CHARACTER_NAMES = [
    "王小明",
    "林美玲",
    "陈志强",
    "李慧敏",
    "张伟",
    "黄丽华",
    "刘建国",
    "吴淑芬",
    "郑家豪",
    "蔡佩珊",
]
MALAY_MALE = [
    "Muhammad Hafiz",
    "Ahmad Faizal",
    "Mohd Firdaus",
    "Azman",
    "Khairul Anwar",
    "Syafiq",
    "Hakim",
    "Iskandar",
]
MALAY_FEMALE = [
    "Nur Aisyah",
    "Siti Nurhaliza",
    "Nurul Huda",
    "Farah Diyana",
    "Aminah",
    "Zarina",
    "Nadia",
    "Liyana",
]
MALAY_FATHERS = [
    "Ahmad",
    "Ismail",
    "Abdullah",
    "Hassan",
    "Osman",
    "Rahman",
    "Yusof",
    "Salleh",
]
INDIAN_MALE = ["Suresh Kumar", "Rajesh", "Arjun", "Vijay", "Karthik", "Ganesh", "Ravi"]
INDIAN_FEMALE = [
    "Priya",
    "Kavitha",
    "Deepa",
    "Lakshmi",
    "Anitha",
    "Meena",
    "Tamilselvi",
]
INDIAN_FATHERS = [
    "Ramasamy",
    "Muthu",
    "Krishnan",
    "Subramaniam",
    "Raj",
    "Pillai",
    "Nair",
]
EURASIAN_GIVEN = ["Sarah", "Daniel", "Melissa", "Adrian", "Rachel", "Marcus", "Claire"]
EURASIAN_SURNAMES = [
    "de Souza",
    "Pereira",
    "Fernandez",
    "D'Cruz",
    "Rodrigues",
    "Oliveiro",
    "Shepherdson",
    "de Silva",
]
OCCUPATIONS = [
    "Teacher",
    "Nurse",
    "Engineer",
    "Accountant",
    "Retiree",
    "Student",
    "Business owner",
    "Civil servant",
    "Designer",
    "Sales executive",
    "",
]
REFERRALS = ["Walk-in", "Friend", "Facebook", "Instagram", "Google", "Roadshow", ""]
STREETS_SG = [
    "Orchard Road",
    "Tampines Street 81",
    "Ang Mo Kio Avenue 3",
    "Jurong West Street 52",
    "Bedok North Road",
    "Toa Payoh Lorong 1",
]
STREETS_MY = [
    "Jalan Bukit Bintang",
    "Jalan Ampang",
    "Jalan Tun Razak",
    "Jalan Wong Ah Fook",
    "Jalan Ipoh",
    "Persiaran Gurney",
]


def person_name(rng: random.Random) -> tuple[str, str]:
    """Return a (name, gender) pair drawn from the region's communities."""
    roll = rng.random()
    gender = rng.choice("FFFM")  # spa customers are mostly women
    if roll < 0.40:
        return f"{rng.choice(CHINESE_SURNAMES)} {rng.choice(CHINESE_GIVEN)}", gender
    if roll < 0.47:
        return rng.choice(CHINESE_CHARACTER_NAMES), gender
    if roll < 0.70:
        father = rng.choice(MALAY_FATHERS)
        if gender == "F":
            return f"{rng.choice(MALAY_FEMALE)} binti {father}", gender
        return f"{rng.choice(MALAY_MALE)} bin {father}", gender
    if roll < 0.90:
        father = rng.choice(INDIAN_FATHERS)
        if gender == "F":
            return f"{rng.choice(INDIAN_FEMALE)} d/o {father}", gender
        return f"{rng.choice(INDIAN_MALE)} s/o {father}", gender
    return f"{rng.choice(EURASIAN_GIVEN)} {rng.choice(EURASIAN_SURNAMES)}", gender


def mobile_number(rng: random.Random, country: str) -> str:
    """Return a mobile number written one of the ways people write them."""
    if country == "SG":
        number = f"{rng.choice('89')}{rng.randrange(1000000, 9999999):07d}"
        style = rng.randrange(3)
        if style == 0:
            return f"+65 {number[:4]} {number[4:]}"
        if style == 1:
            return number
        return f"{number[:4]}-{number[4:]}"
    number = f"1{rng.randrange(0, 9)}{rng.randrange(1000000, 9999999):07d}"
    style = rng.randrange(3)
    if style == 0:
        return f"0{number[:2]}-{number[2:5]} {number[5:]}"
    if style == 1:
        return f"+60 {number[:2]}-{number[2:5]} {number[5:]}"
    return f"0{number}"


def email_for(rng: random.Random, name: str, serial: int) -> str:
    ascii_name = "".join(ch for ch in name.lower() if ch.isascii() and ch.isalnum())
    if not ascii_name or rng.random() < 0.25:
        return ""
    domain = rng.choice(["gmail.com", "yahoo.com.sg", "hotmail.com", "outlook.com"])
    return f"{ascii_name[:12]}{serial}@{domain}"


def address_for(rng: random.Random, country: str) -> str:
    streets = STREETS_SG if country == "SG" else STREETS_MY
    return f"{rng.randrange(1, 300)} {rng.choice(streets)}"


def identity_number(rng: random.Random, country: str, serial: int) -> str:
    if country == "SG":
        return f"{rng.choice('ST')}{serial % 10000000:07d}{rng.choice('ABCDEFGHIZJ')}"
    year, month, day = rng.randrange(60, 99), rng.randrange(1, 12), rng.randrange(1, 28)
    born = f"{year:02d}{month:02d}{day:02d}"
    return f"{born}-14-{serial % 10000:04d}"
