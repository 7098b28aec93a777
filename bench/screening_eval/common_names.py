"""Common full names from many cultures, for "must not match" screening queries.

Built from frequent given names x frequent surnames of each culture (public frequency
lists, written in the usual Latin spelling). Names that collide with a listed name are
removed by the dataset builder, so every remaining query is a true negative.
"""

from __future__ import annotations

import random

__all__ = ["CULTURES", "common_names"]

# culture -> (given names, surnames, surname_first)
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]] = {
    "korean": (("Min Jun", "Seo Yeon", "Ji Hoon", "Ha Eun", "Do Yun", "Ji Woo", "Hyun Woo",
                "Su Bin", "Jae Won", "Eun Ji", "Sang Hoon", "Mi Kyung", "Dong Hyun"),
               ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim",
                "Han", "Oh"), True),
    "chinese": (("Wei", "Fang", "Xiuying", "Jun", "Lei", "Jing", "Tao", "Ming", "Hui",
                 "Yan", "Xiaoming", "Li Na"),
                ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou",
                 "Xu", "Sun"), True),
    "arabic": (("Mohammed", "Ahmed", "Omar", "Youssef", "Khalid", "Fatima", "Aisha",
                "Ibrahim", "Layla", "Tariq", "Nour", "Samir"),
               ("Haddad", "Khoury", "Mansour", "Nasser", "Saleh", "Hamdan", "Farouk",
                "Aziz", "Sabbagh", "Qasim", "Bakri", "Darwish"), False),
    "persian": (("Reza", "Mehdi", "Hossein", "Zahra", "Maryam", "Amir", "Hamid", "Saeed",
                 "Parisa", "Dariush"),
                ("Hosseini", "Mohammadi", "Ahmadi", "Rezaei", "Moradi", "Karimi", "Rahimi",
                 "Jafari", "Sadeghi", "Tehrani"), False),
    "russian": (("Ivan", "Sergei", "Alexander", "Dmitry", "Andrei", "Mikhail", "Nikolai",
                 "Pavel", "Yuri", "Vladimir"),
                ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Sokolov",
                 "Mikhailov", "Novikov", "Fedorov", "Morozov"), False),
    "hispanic": (("Jose", "Juan", "Maria", "Carlos", "Luis", "Ana", "Jorge", "Pedro",
                  "Miguel", "Carmen", "Sofia"),
                 ("Garcia", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
                  "Perez", "Sanchez", "Ramirez", "Torres", "Flores"), False),
    "english": (("James", "John", "Robert", "Michael", "William", "Mary", "Patricia",
                 "Jennifer", "Linda", "Elizabeth", "David"),
                ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis",
                 "Wilson", "Anderson", "Taylor", "Thomas"), False),
    "indian": (("Rahul", "Priya", "Amit", "Sunita", "Rajesh", "Anjali", "Vikram", "Pooja",
                "Suresh", "Deepak", "Kavita"),
               ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Das",
                "Mehta", "Joshi", "Nair"), False),
    "turkish": (("Mehmet", "Mustafa", "Ahmet", "Ayse", "Emine", "Hasan", "Huseyin",
                 "Fatma", "Murat", "Elif"),
                ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Yildirim",
                 "Ozturk", "Aydin", "Arslan"), False),
    "african": (("Oluwaseun", "Chinedu", "Amina", "Kwame", "Abdullahi", "Ngozi", "Tendai",
                 "Fatou", "Moussa", "Grace"),
                ("Okafor", "Adeyemi", "Mensah", "Diallo", "Traore", "Mwangi", "Ndlovu",
                 "Okonkwo", "Abubakar", "Banda"), False),
}


def common_names(seed: int = 1718, per_culture: int = 32) -> list[tuple[str, str]]:
    """(full name, culture) pairs, ``per_culture`` distinct combinations each, seeded."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for culture, (given, surnames, surname_first) in CULTURES.items():
        combos = [(g, s) for g in given for s in surnames]
        rng.shuffle(combos)
        for g, s in combos[:per_culture]:
            out.append((f"{s} {g}" if surname_first else f"{g} {s}", culture))
    return out
