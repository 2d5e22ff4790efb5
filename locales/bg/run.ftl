# run: таблицата на `sibyl run` и бележките ѝ в стандартния изход за грешки. Описанието
# на променливите е в locales/en/run.ftl.

run-title = { $deal } при сценарий „{ $scenario }“
run-title-stress = { $deal } при сценарий „{ $scenario }“, стрес тест { $preset }
run-trials = { $trials }, начално число { $seed }; суми в { $currency }{ $terms ->
    [real] { " " }в реално изражение (в пари от период 0)
   *[nominal] {""}
}

run-column-mean = средно
run-column-se = (se)

run-section-investors = Инвеститори
run-section-payers = Платци на резултатите
run-section-providers = Доставчици на услуги
run-section-deal = Сделката
run-section-outcomes = Резултати (всички кохорти)
run-section-rules = Правила за плащане: колко често всяко плаща
run-section-caps = Тавани: колко често всеки ограничава плащанията
run-section-warnings = Предупреждения

run-tranche-loss = { $id }: P(загуба)
run-tranche-moic = { $id }: кратно на вложения капитал (MOIC)
run-tranche-irr = { $id }: годишна ВНВ, медиана (p50) и диапазон
run-tranche-pooled-irr = { $id }: ВНВ на средните парични потоци (обща)
run-tranche-mirr = { $id }: годишна модифицирана ВНВ, медиана и диапазон
run-tranche-amount-lost = { $id }: загубена сума
run-tranche-guarantee-drawn = { $id }: усвоена гаранция

run-payer-paid = { $id }: платено
run-payer-npv = { $id }: нетна настояща стойност при { $rate }
run-payer-paid-year = { $id }: платено през бюджетна година { $year }
run-payer-largest-year = { $id }: платено в най-тежката бюджетна година
run-payer-budget-excess = { $id }: превишение на бюджета
run-payer-over-budget = { $id }: P(година над бюджета)
run-payer-over-budget-year = { $id }: P(над бюджета, година { $year })
run-payer-cost-per-true-outcome = { $id }: разход за действително постигнат резултат ({ $metric })
run-payer-measurement-error = { $id }: платено заради грешка в измерването
run-payer-noise = { $id }: платено при нулев действителен ефект
run-payer-deadweight = { $id }: платено за мъртва тежест
run-payer-net-value = { $id }: нетна стойност (дисконтирана)
run-payer-premium = { $id }: надценка спрямо пряко възлагане на услугата

run-provider-revenue = { $id }: приходи
run-provider-cost = { $id }: разходи
run-provider-unfunded-cost = { $id }: нефинансирани разходи
run-provider-margin = { $id }: марж
run-provider-loss = { $id }: P(загуба)

run-deal-paid = всички платци: платено
run-deal-premium = всички платци: надценка спрямо пряко възлагане на услугата
run-deal-any-payment = P(поне едно плащане)
run-intermediary-fees = { $id }: такси

run-outcome-achieved = { $id }: { $kind ->
    [binary] { $direction ->
        [increase] души, които го постигат
       *[reduce] души, които го избягват
    }
    [count] събития в групата с интервенция
    [continuous] точки на групата с интервенция
   *[cohort] стойностите на кохортите, сумирани
}
run-outcome-improved = { $id }: действително подобрени
run-outcome-measured = { $id }: подобрени според измерването
run-outcome-paid = { $id }: платено за тях

run-estimates-note =
    ВНВ на средните парични потоци и разходите за действително постигнат резултат (очакваното
    платено, разделено на очаквания брой действително подобрени резултати, за всеки показател в
    неговата мерна единица) са величини за цялата симулация: стойността и стандартната им грешка
    са в колоните „средно“ и „(se)“.

run-written = симулацията е записана в { $dir } ({ $files })
run-replaced-incomplete = тя замени незавършена симулация, която беше в { $dir }

run-progress = { $done }/{ $total } симулирани итерации [{ $elapsed }] { $bar } остават { $eta }

# run --split-uncertainty (src/report/split_table.rs). Row labels are the run-* ones above.
split-draws = { $outer } тегления на параметрите, по { $inner } итерации във всяко; начално число { $seed }; суми в { $currency }{ $terms ->
    [real] { " " }в реално изражение (пари от период 0)
   *[nominal] {""}
}
split-parameters = Параметри (неизвестни за света, изтеглени веднъж за всяко теглене): { $list }
split-parameters-none = Параметри: няма изтеглени (всяко допускане е фиксирано или случайно)
split-chance = Случайност (изтеглена във всяка итерация): { $list }, както и кой е насочен, отпада и постига резултат, и измерването
split-chance-none = Случайност (изтеглена във всяка итерация): кой е насочен, отпада и постига резултат, и измерването
split-column-parameters = параметри
split-column-chance = случайност
split-column-inner-se = вътр. ст. грешка
split-note =
    параметри, случайност: дяловете от дисперсията на показателя в една итерация, дължащи се на
    параметрите и на случайността, със стандартната грешка на дела на параметрите (jackknife по
    тегленията). p05, p50, p95: средната стойност на показателя в едно теглене (за вероятност –
    вероятността) по тегленията на параметрите. Показателите за целия прогон (ВНВ на средните
    парични потоци, разходи за истински резултат) нямат разделяне: само средна стойност и разсейване.
split-note-clamped = * тегленията се различават по-малко, отколкото само случайността дава: делът на параметрите се приема за 0.
split-note-inner =
    вътр. ст. грешка: собствената грешка от симулацията по метода Монте Карло на всяко теглене в
    показателя (средно квадратично по тегленията); разсейването p05 до p95 я включва, затова
    увеличете --inner, за да го стесните (JSON: parameter_sd е без нея).
split-note-no-parameters = Нито едно допускане не се тегли във външния цикъл (всички са фиксирани или случайност): делът на параметрите е 0 по построение, а тегленията се различават само поради случайност.
