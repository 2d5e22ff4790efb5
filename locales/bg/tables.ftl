# tables
# Таблиците на `sibyl compare`, `sibyl stress`, `sibyl sensitivity` и `sibyl breakeven`.
# Числата, сумите, процентите и кратните идват вече форматирани; имената на показатели,
# допускания и траншове са идентификатори и остават непроменени. Описанието на
# променливите е в locales/en/tables.ftl.

## Общи за четирите таблици

tables-terms-real = в реално изражение (в пари от период 0)
tables-stress-preset = , стрес вариант { $preset }
tables-na = няма

## sibyl compare

compare-title = { $designs } на договора по сценарий „{ $scenario }“{ $stress }
compare-subtitle = { $trials }, начално число { $seed }, общи случайни числа; суми в { $currency }{ $terms }; стойностите на всеки вариант са същите като в `sibyl run`
compare-header-mean = средна стойност (P: вероятност)
compare-header-difference = [{ $design }]-[1] (se)
compare-row-median = { $metric } (медиана)
compare-note-differences = Разликите са сдвоени средни стойности по итерациите, в които и двата варианта определят показателя (ВНВ може да е неопределена в някои от тях; `n` в JSON). Оценките за цялата симулация (`pooled_irr`: ВНВ на средните парични потоци; `cost_per_true_outcome`: разход за действително постигнат резултат, т.е. очакваната платена сума / очакваният брой действително подобрени резултати) са дадени като стойности, а разликите им – със сдвоени грешки по делта метода.
compare-note-paired = Сдвоени разлики: стандартните грешки са по медиана { $times } пъти по-малки, отколкото при независими симулации (`unpaired_se` в JSON).
compare-warnings = Предупреждения за [{ $design }]

## sibyl stress

stress-title = { $deal } по сценарий „{ $scenario }“ – стрес тест
stress-subtitle = { $trials } на случай, начално число { $seed }, общи случайни числа; суми в { $currency }{ $terms } (средни стойности, освен където е отбелязано друго; обединената ВНВ е ВНВ на средните парични потоци)
stress-header-case = случай
stress-case-base = базов
stress-column-loss = { $tranche } P(загуба)
stress-column-moic = { $tranche } кратно на капитала
stress-column-irr-median = { $tranche } ВНВ p50
stress-column-pooled-irr = { $tranche } обединена ВНВ
stress-column-irr = { $tranche } ВНВ
stress-column-paid = { $payer } платено
stress-column-any-payment = P(има плащане)
stress-changes-title = Промяна спрямо базовия случай (стандартна грешка на сдвоената разлика)
stress-measured-title = Ако измереният ефект на всеки показател беше точно X (всичко останало по очакваните стойности, плащанията уредени еднократно, без шум)
stress-header-measured = измерен ефект
stress-cases = Случаи
stress-about-base = сценарият, както е зададен
stress-about-preset = стрес вариант, зададен в сценария
stress-about-effect-halved = действителният ефект върху всеки показател е наполовина от този в сценария
stress-about-referrals-minus-30 = с 30% по-малко насочвания към всяка кохорта
stress-about-delay = всяка кохорта започва с шест месеца закъснение ({ $periods })
stress-about-delay-unpaid-one = всяка кохорта започва с шест месеца закъснение ({ $periods }); тогава резултатите на кохорта { $cohort } идват след края на сделката и никога не се плащат
stress-about-delay-unpaid = всяка кохорта започва с шест месеца закъснение ({ $periods }); тогава резултатите на кохорти { $cohorts } идват след края на сделката и никога не се плащат
stress-about-delay-rounded-up = { $periods }, закръглено нагоре
stress-about-terminated-year-2 = платецът прекратява договора в края на втората година (период { $period } е последният)
stress-about-terminated-after-year-2 = платецът прекратява договора при първата възможност, която договорът дава след втората година (период { $period } е последният)

## sibyl sensitivity

sensitivity-statistic-probability = вероятност
sensitivity-statistic-estimate = оценка за цялата симулация, с грешка по делта метода
sensitivity-statistic-mean = средна стойност по итерациите, в които е определен
sensitivity-title = Чувствителност на { $metric } ({ $statistic }) в { $deal } по сценарий „{ $scenario }“{ $stress }
sensitivity-subtitle = { $trials } на случай, начално число { $seed }; суми в { $currency }{ $terms }; при медианите на всички допускания: { $value } ({ $se })
sensitivity-tornado-title = Торнадо диаграма: всяко допускане от своя p10 до своя p90, останалите при медианите си
sensitivity-header-assumption = допускане
sensitivity-header-at-p10 = при p10
sensitivity-header-at-p90 = при p90
sensitivity-header-swing = размах (se)
sensitivity-header-rho = ρ
sensitivity-rank-title = Рангови корелации на Спирман с { $metric } (по итерациите на сценария, както е зададен)
sensitivity-rank-none = Рангови корелации: няма, тъй като { $metric } е величина за цялата симулация, без стойност за отделна итерация
sensitivity-undefined = { $metric } е неопределен в { $undefined } от { $trials } { $count ->
    [one] итерация
   *[other] итерации
}; статистиките обхващат останалите.

## sibyl breakeven

breakeven-title = Точка на равновесие на { $assumption } за P({ $target }) = { $probability } в { $deal } по сценарий „{ $scenario }“
breakeven-subtitle = { $trials } на оценка, начално число { $seed }, общи случайни числа; { $assumption } се фиксира при всяка стойност, а корелираните с него допускания се генерират условно спрямо нея
breakeven-band = { $level } интервал на Монте Карло: от { $low } до { $high } (където оценената вероятност е в рамките на 1,96 стандартни грешки от { $probability })
breakeven-higher-likelier = по-висока стойност на { $assumption } прави целта по-вероятна в диапазона на { $assumption } от { $low } до { $high }
breakeven-lower-likelier = по-ниска стойност на { $assumption } прави целта по-вероятна в диапазона на { $assumption } от { $low } до { $high }
breakeven-crosses-again = бележка: вероятността отново пресича { $probability } около { $values }: тя не се изменя еднопосочно с { $assumption }
breakeven-no-influence = няма: { $assumption } не влияе на целта (еднакви оценки за { $assumption } от { $low } до { $high })
breakeven-not-identified = не е установена: вероятността остава в рамките на шума на Монте Карло около { $probability } за { $assumption } от { $low } до { $high }; повече итерации може да я установят
breakeven-undefined = неопределена за { $assumption } от { $low } до { $high }
breakeven-always-above = не е достигната: вероятността остава над { $probability } за { $assumption } от { $low } до { $high }
breakeven-always-below = не е достигната: вероятността остава под { $probability } за { $assumption } от { $low } до { $high }
breakeven-undefined-share = бележка: при някои стойности { $metric } е неопределен в до { $share } от итерациите; тези итерации се броят като непостигнали целта
breakeven-as-written = в сценария, както е зададен (медиана на { $assumption } = { $median }): P = { $probability } ({ $se })
breakeven-by-value = Вероятност за постигане на целта според стойността

## sibyl breakeven за оценка за цялата симулация

breakeven-estimate-title = Точка на равновесие на { $assumption } за { $target } (оценка за цялата симулация) в { $deal } по сценарий „{ $scenario }“
breakeven-estimate-band = { $level } интервал на Монте Карло: от { $low } до { $high } (където оценката е в рамките на 1,96 стандартни грешки от { $threshold })
breakeven-estimate-higher-raises = по-висока стойност на { $assumption } повишава { $metric } в диапазона на { $assumption } от { $low } до { $high }
breakeven-estimate-lower-raises = по-ниска стойност на { $assumption } повишава { $metric } в диапазона на { $assumption } от { $low } до { $high }
breakeven-estimate-crosses-again = бележка: { $metric } отново пресича { $threshold } около { $values }: не се изменя еднопосочно с { $assumption }
breakeven-estimate-no-influence = няма: { $assumption } не влияе на { $metric } в диапазона на { $assumption } от { $low } до { $high }
breakeven-estimate-not-identified = не е установена: { $metric } остава в рамките на шума на Монте Карло около { $threshold } за { $assumption } от { $low } до { $high }; повече итерации може да я установят
breakeven-estimate-undefined = неопределена: { $metric } няма стойност никъде в диапазона на { $assumption } от { $low } до { $high } (при разход за действително постигнат резултат: нито един резултат не е действително подобрен)
breakeven-estimate-always-above = не е достигната: { $metric } остава над { $threshold } за { $assumption } от { $low } до { $high }
breakeven-estimate-always-below = не е достигната: { $metric } остава под { $threshold } за { $assumption } от { $low } до { $high }
breakeven-estimate-as-written = в сценария, както е зададен (медиана на { $assumption } = { $median }): { $value } ({ $se })
breakeven-estimate-by-value = { $metric } според стойността
breakeven-header-estimate = оценка
