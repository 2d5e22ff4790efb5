# Yhteiset sanat: yksiköt monikkomuotoineen, kuukaudet.

unit-person = { $count ->
    [one] henkilö
   *[other] henkilöä
}
unit-cohort = { $count ->
    [one] kohortti
   *[other] kohorttia
}
unit-party = { $count ->
    [one] osapuoli
   *[other] osapuolta
}
unit-day = { $count ->
    [one] päivä
   *[other] päivää
}
unit-month = { $count ->
    [one] kuukausi
   *[other] kuukautta
}
unit-quarter = { $count ->
    [one] vuosineljännes
   *[other] vuosineljännestä
}
unit-year = { $count ->
    [one] vuosi
   *[other] vuotta
}
unit-period = { $count ->
    [one] jakso
   *[other] jaksoa
}
unit-trial = { $count ->
    [one] simulointikierros
   *[other] simulointikierrosta
}

month-1 = tammik.
month-2 = helmik.
month-3 = maalisk.
month-4 = huhtik.
month-5 = toukok.
month-6 = kesäk.
month-7 = heinäk.
month-8 = elok.
month-9 = syysk.
month-10 = lokak.
month-11 = marrask.
month-12 = jouluk.

# Sopimusvaihtoehto, jota `sibyl compare` vertaa muihin.
unit-design = { $count ->
    [one] sopimusvaihtoehto
   *[other] sopimusvaihtoehtoa
}
