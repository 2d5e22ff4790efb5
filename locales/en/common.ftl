# Shared words: units with their plural forms, months, roles and section names.
# A unit message selects its plural on $count (a number); the number itself is written
# by sibyl before the unit.

unit-person = { $count ->
    [one] person
   *[other] people
}
unit-cohort = { $count ->
    [one] cohort
   *[other] cohorts
}
unit-party = { $count ->
    [one] party
   *[other] parties
}
unit-day = { $count ->
    [one] day
   *[other] days
}
unit-month = { $count ->
    [one] month
   *[other] months
}
unit-quarter = { $count ->
    [one] quarter
   *[other] quarters
}
unit-year = { $count ->
    [one] year
   *[other] years
}
unit-period = { $count ->
    [one] period
   *[other] periods
}
unit-trial = { $count ->
    [one] trial
   *[other] trials
}

month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

# A design of a contract that `sibyl compare` sets beside others.
unit-design = { $count ->
    [one] design
   *[other] designs
}
