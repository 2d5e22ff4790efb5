# `sibyl explain`: сделката на разбираем език, с пример с изчисления.
# Променливите са описани в locales/en/explain.ftl.

## Заглавия

explain-heading-who = Страни по сделката
explain-heading-participants = Участници
explain-heading-measured = Какво се измерва
explain-heading-payments = Какво се плаща, за какво и кога
explain-heading-limits = Тавани и граници
explain-heading-example = Пример с изчисления: очакваният случай по сценария „{ $scenario }“
explain-heading-nothing-works = Ако нищо не проработи
explain-heading-sources = Източници
explain-add-scenario = Добавете `--scenario ФАЙЛ` за пример с изчисления при очаквания ефект.

## Изброявания

explain-and = { $init } и { $last }

## Страни по сделката

explain-who-payer = { $count ->
    [one] Платецът на резултатите, { $names }, плаща само за проверени резултати.
   *[other] Платците на резултатите, { $names }, плащат само за проверени резултати.
}
explain-who-provider-direct = { $count ->
    [one] Доставчикът на услуги, { $names }, изпълнява програмата на свой риск и получава плащане пряко за резултатите (плащане според резултатите).
   *[other] Доставчиците на услуги, { $names }, изпълняват програмата на свой риск и получават плащане пряко за резултатите (плащане според резултатите).
}
explain-who-investor = { $count ->
    [one] Инвеститорът, { $names }, предоставя { $amount }, преди да е известен какъвто и да е резултат.
   *[other] Инвеститорите, { $names }, предоставят { $amount }, преди да е известен какъвто и да е резултат.
}
explain-who-provider-funded = { $count ->
    [one] Доставчикът на услуги, { $names }, изпълнява програмата с тези средства.
   *[other] Доставчиците на услуги, { $names }, изпълняват програмата с тези средства.
}
explain-who-intermediary = { $count ->
    [one] Посредникът, { $names }, структурира сделката и управлява дружеството със специална цел, в което са средствата.
   *[other] Посредниците, { $names }, структурират сделката и управляват дружеството със специална цел, в което са средствата.
}
explain-who-guarantor = { $count ->
    [one] Гарантът, { $names }, поема част от риска на инвеститорите.
   *[other] Гарантите, { $names }, поемат част от риска на инвеститорите.
}
explain-who-evaluator = { $count ->
    [one] Оценителят, { $names }, измерва и валидира резултатите.
   *[other] Оценителите, { $names }, измерват и валидират резултатите.
}

## Периоди на сделката

explain-when = { $unit ->
    [month] месец
    [quarter] тримесечие
   *[year] година
} { $n }
explain-when-from = { $unit ->
    [month] месец
    [quarter] тримесечие
   *[year] година
} { $n }
explain-when-to = { $unit ->
    [month] месец
    [quarter] тримесечие
   *[year] година
} { $n }
explain-when-in = { $unit ->
    [month] месец
    [quarter] тримесечие
   *[year] година
} { $n }
explain-dated = { $when } ({ $month } { $year })

## Участници

explain-participants = { $people } в { $n } { $count ->
    [one] кохорта
   *[other] кохорти
}:
explain-cohort-in = { $people }, включвани през { $when }
explain-cohort-between = { $people }, включвани от { $from } до { $to }
explain-cohort-cost = ; услугата струва около { $amount } на човек

## Какво се измерва

explain-metric = { $what } ({ $goal }), измерва се { $after } след включването, { $design }.

explain-stage = { $what } ({ $goal }), заявява се за всеки човек, когато го постигне { $after }{ $wait }, { $design }.
explain-stage-from-start = след включването
explain-stage-after = след `{ $stages }`
explain-stage-wait = , най-рано { $periods } по-късно
explain-stage-repeat = , до { $times } пъти на човек (всеки път се заявява, след предходния)
explain-stage-or = или
explain-stage-measured = делът на постигналите го до { $after } след последното включване в кохортата се измерва, { $design }
explain-what-binary = дали всеки участник постига `{ $unit }`
explain-what-count = { $unit } на човек
explain-what-events = събития на човек
explain-what-continuous = { $unit } на всеки участник
explain-what-cohort = { $unit } за кохортата
explain-goal-more = повече е по-добре
explain-goal-fewer = по-малко е по-добре

explain-design-none = без контрафактически сценарий (плаща се за постигнатите резултати)
explain-design-historical = спрямо историческа базова стойност { $baseline }
explain-design-historical-trend = спрямо историческа базова стойност { $baseline }, коригирана с тенденцията в цялата система, измерена за същия период
explain-design-comparison = спрямо съпоставена контролна група от { $size } души{ $deff }
explain-design-rct = рандомизирана контролна група от { $size } души{ $deff }, { $pay }
explain-design-effect = (дизайн ефект { $x })
explain-pay-point = плаща се според точковата оценка
explain-pay-significant = плаща се само ако ефектът е статистически значим при ниво { $alpha } (едностранен тест)

explain-note-none = Плаща се за всеки резултат, включително за тези, които биха настъпили и без програмата.
explain-note-historical = Ако условията се променят, фиксираната базова стойност вече не показва какво би се случило без програмата.
explain-note-historical-trend = Базовата стойност следва тенденцията в цялата система, така че промяна, която засяга всички, не се отчита като ефект на програмата.
explain-note-comparison = Контролната група може да се различава от участниците по начини, които съпоставянето не улавя.
explain-note-rct = Случайното разпределение прави сравнението справедливо; единствено случайността внася неточност.

## Какво се плаща, за какво и кога

explain-paid-from-to = Плаща се с постъпването на заявките, от { $first } до { $last } (ако са навреме).
explain-paid-in = { $count ->
    [one] Плаща се през { $periods } (ако резултатите са налице навреме).
   *[other] Плаща се през { $periods } (ако резултатите са налице навреме).
}

explain-terms-rate-card = тарифа за резултати: { $prices }
explain-terms-per-improvement = { $price } за всеки резултат над контрафактическия сценарий по { $metric }
explain-terms-per-effect = { $price } за { $scale ->
    [relative] процентен пункт
   *[absolute] единица
} измерен ефект по { $metric }
explain-terms-threshold = когато измереният ефект по { $metric } е поне { $threshold }: { $pay }
explain-pay-price = { $amount } за единица подобрение
explain-terms-tiers = нива според измерения ефект по { $metric }: { $tiers }
explain-tier = >= { $at }: { $pay }
explain-terms-savings = { $share } от избегнатите разходи по { $metric } ({ $value })
explain-terms-savings-switch = { $share } от избегнатите разходи по { $metric } ({ $value }), а след погасяването на { $tranches } – { $then }
explain-terms-savings-fees = , изплащани на { $tranches } като { $count ->
    [one] такса за успех
   *[other] такси за успех
} над погасяването им
explain-savings-scenario = избегнатите разходи според сценария
explain-savings-value = { $amount } на резултат
explain-scope-cohort = за всяка кохорта
explain-scope-pooled = общо за всички кохорти
explain-scope-pooled-at = общо за всички кохорти, в период { $period }
explain-paid-by = { $count ->
    [one] плаща { $payers }
   *[other] плащат { $payers }
}
explain-payment-lag = { $lag } след валидирането
explain-unless-paid = без кохортите, за които вече е платено по { $rules }
explain-termination-on-result = { $must ->
    [must] { $count ->
        [one] { $payer } прекратява договора, ако междинната оценка през { $when } измери ефект по { $metric } под { $below } (кохорти { $cohorts }).
       *[other] { $payer } прекратяват договора, ако междинната оценка през { $when } измери ефект по { $metric } под { $below } (кохорти { $cohorts }).
    }
   *[may] { $count ->
        [one] { $payer } може да прекрати договора, ако междинната оценка през { $when } измери ефект по { $metric } под { $below } (кохорти { $cohorts }).
       *[other] { $payer } могат да прекратят договора, ако междинната оценка през { $when } измери ефект по { $metric } под { $below } (кохорти { $cohorts }).
    }
}
explain-termination-then = При прекратяване: { $compensation }; { $enrolled }
explain-termination-compensation-none = инвеститорите не получават обезщетение
explain-termination-compensation-fixed = { $payer } плаща { $amount } обезщетение
explain-termination-compensation-principal = { $payer } плаща { $share } от непогасената главница на инвеститорите
explain-termination-enrolled-paid = резултатите на вече включените участници продължават да се измерват и плащат.
explain-termination-enrolled-stop = за резултати не се плаща нищо повече.
explain-rule-cap = таван { $amount }
explain-rule-cap-cohort = таван на кохорта { $amount }
explain-rule-last-claim = заявки до период { $period }
explain-rule-cap-participant = таван на участник { $amount }

## Тавани и граници

explain-cap-deal = Платците никога не плащат общо повече от { $amount }.
explain-cap-year = В една бюджетна година се плащат най-много { $amount }.
explain-cap-payer = { $payer } плаща общо най-много { $amount }.
explain-cap-payer-year = { $payer } плаща най-много { $amount } годишно.
explain-cap-metric = Плащанията по { $metric } спират при { $amount }.
explain-tranche = { $kind ->
    [senior_loan] Траншът { $id } е старши заем в размер на { $amount } от { $investor }
    [junior_loan] Траншът { $id } е подчинен заем в размер на { $amount } от { $investor }
    [recoverable_grant] Траншът { $id } е възстановима безвъзмездна помощ в размер на { $amount } от { $investor }
    [deferred_fees] Траншът { $id } се състои от отложени такси в размер на { $amount } от { $investor }
   *[equity] Траншът { $id } е собствен капитал в размер на { $amount } от { $investor }
}
explain-tranche-coupon = , с купон { $rate } годишно
explain-tranche-irr-cap = , с таван на възвръщаемостта { $rate } годишно
explain-tranche-multiple-cap = , с таван на възвръщаемостта { $multiple } пъти вложените средства
explain-excess-payer = Сумите над таваните на възвръщаемостта на инвеститорите остават за платците.
explain-excess-provider = Сумите над таваните на възвръщаемостта на инвеститорите отиват при доставчика като бонус.
explain-excess-shared = От сумите над таваните на възвръщаемостта на инвеститорите доставчикът получава { $share }, а останалото остава за платците.
explain-no-caps = Няма тавани: плащанията растат с резултатите.
explain-indexation-prices = Цените се индексират с инфлацията; таваните остават фиксирани в номинално изражение.
explain-indexation-caps = Цените и таваните се индексират с инфлацията.
explain-budget = Бюджетът на { $payer }: { $budget } (бюджет, а не таван: плащанията може да го надхвърлят).
explain-budget-flat = { $amount } на бюджетна година
explain-budget-years = { $count ->
    [one] { $amount } за бюджетна година { $years }
   *[other] по { $amount } за бюджетните години { $years }
}
explain-year-range = { $from }–{ $to }
explain-year-label = { $n }
explain-budget-span = { $years }: { $amount }

## Пример с изчисления

explain-example-assumptions = Всяко допускане е на средната си стойност, всеки брой – на очакваната си стойност, без предсрочно прекратяване.
explain-example-assumptions-evaluated = Всяко допускане е на средната си стойност, всеки брой – на очакваната си стойност, без предсрочно прекратяване освен това, до което може да доведе междинна оценка.
explain-example-joined = включват се { $enrolled } от { $people }.
explain-example-joined-late = включват се { $enrolled } от { $people }, със закъснение от { $delay }.
explain-example-binary = без програмата { $without } от участниците постигат `{ $unit }`, с нея – { $with } (действителен ефект { $effect }); измерва се спрямо { $measured }.
explain-example-hazard = Постига се от всеки на предходния етап с шанс { $without } за всеки период без програмата и { $with } с нея; който не го е постигнал до края на договора, не го постига.
explain-example-cohort = без програмата { $unit } за кохортата е { $without }, с нея – { $with } (действителен ефект { $effect }); измерва се спрямо { $measured }.
explain-example-per-person = без програмата { $without } { $unit } на човек, с нея – { $with } (действителен ефект { $effect }); измерва се спрямо { $measured }.
explain-example-per-person-plain = без програмата { $without } на човек, с нея – { $with } (действителен ефект { $effect }); измерва се спрямо { $measured }.
explain-example-payments = Плащания
explain-example-no-payments = няма: при очаквания ефект не е изпълнено нито едно правило.
explain-example-late = по правилото { $rule } биха се платили { $amount } преди таваните, но след { $unit ->
    [month] последния месец
    [quarter] последното тримесечие
   *[year] последната година
} на сделката: не се плащат.
explain-example-payment = { $payer } плаща { $amount } по правилото { $rule }
explain-example-payment-termination = { $payer } плаща { $amount } обезщетение при прекратяване
explain-example-cut = (намалено от { $gross } заради таван)
explain-example-rule-unpaid = По правилото { $rule } не се плаща нищо в този случай.
explain-example-cap-binds = Таванът { $cap } ограничава плащането.
explain-example-ended = Междинната оценка през { $when } измерва { $effect } по { $metric }, под { $below }: договорът се прекратява тогава и след това никой не се включва.

## Къде отиват парите

explain-money-heading = Къде отиват парите
explain-money-payer = { $payer } плаща { $amount } (настояща стойност { $value } при дисконтов процент { $rate } годишно).
explain-money-payer-real = { $payer } плаща { $amount } (настояща стойност { $value } при дисконтов процент { $rate } годишно, в пари от период 0).
explain-money-tranche = { $tranche } ({ $investor }) влага { $drawn } и получава обратно { $received }: { $result }.
explain-money-tranche-multiple = { $tranche } ({ $investor }) влага { $drawn } и получава обратно { $received }, кратно на вложения капитал { $multiple }: { $result }.
explain-irr-rate = ВНВ { $rate } годишно
explain-irr-total-loss = пълна загуба
explain-irr-none = няма смислена ВНВ
explain-money-guarantee = { $guarantor } плаща { $amount } по своята гаранция.
explain-money-receives = { $party } получава { $amount }.
explain-money-unfunded = Доставчикът покрива { $amount } от разходите със собствени средства.
explain-money-refunded = { $amount } над дължимото на инвеститорите се връщат на платците.

## Ако нищо не проработи

explain-nothing-same-case = Същият очакван случай, но програмата няма никакъв ефект.
explain-nothing-still-pays = Платците все пак плащат { $amount }: за резултати, които биха настъпили и без програмата (мъртва тежест), или заради шум в измерването.
explain-nothing-direct = Доставчикът поема разходите за програмата и получава само това, което тарифите за резултати плащат за постигнатите резултати.
explain-nothing-investors = Без измерени подобрения платците не плащат нищо; инвеститорите могат да загубят вложените { $amount }.
explain-nothing-first-loss = { $guarantor } покрива първите { $amount } от загубите по транша { $tranche }.
explain-nothing-capital-protection = { $guarantor } покрива { $share } от главницата по транша { $tranche }.
