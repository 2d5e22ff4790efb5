# Gemensamma ord: enheter med pluralformer, månader.

unit-person = { $count ->
    [one] person
   *[other] personer
}
unit-cohort = { $count ->
    [one] kohort
   *[other] kohorter
}
unit-party = { $count ->
    [one] part
   *[other] parter
}
unit-day = { $count ->
    [one] dag
   *[other] dagar
}
unit-month = { $count ->
    [one] månad
   *[other] månader
}
unit-quarter = { $count ->
    [one] kvartal
   *[other] kvartal
}
unit-year = { $count ->
    [one] år
   *[other] år
}
unit-period = { $count ->
    [one] period
   *[other] perioder
}
unit-trial = { $count ->
    [one] försök
   *[other] försök
}

month-1 = jan.
month-2 = feb.
month-3 = mars
month-4 = apr.
month-5 = maj
month-6 = juni
month-7 = juli
month-8 = aug.
month-9 = sep.
month-10 = okt.
month-11 = nov.
month-12 = dec.

# En avtalsvariant som `sibyl compare` ställer bredvid andra.
unit-design = { $count ->
    [one] avtalsvariant
   *[other] avtalsvarianter
}
