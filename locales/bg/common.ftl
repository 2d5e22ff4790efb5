# Общи думи: единици с формите им за множествено число, месеци.

unit-person = { $count ->
    [one] човек
   *[other] души
}
unit-cohort = { $count ->
    [one] кохорта
   *[other] кохорти
}
unit-party = { $count ->
    [one] страна
   *[other] страни
}
unit-day = { $count ->
    [one] ден
   *[other] дни
}
unit-month = { $count ->
    [one] месец
   *[other] месеца
}
unit-quarter = { $count ->
    [one] тримесечие
   *[other] тримесечия
}
unit-year = { $count ->
    [one] година
   *[other] години
}
unit-period = { $count ->
    [one] период
   *[other] периода
}
unit-trial = { $count ->
    [one] итерация
   *[other] итерации
}

month-1 = яну
month-2 = фев
month-3 = март
month-4 = апр
month-5 = май
month-6 = юни
month-7 = юли
month-8 = авг
month-9 = сеп
month-10 = окт
month-11 = ное
month-12 = дек

# Вариант на договор, който `sibyl compare` сравнява с други.
unit-design = { $count ->
    [one] вариант
   *[other] варианта
}
