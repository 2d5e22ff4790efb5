# $url: адресът на страницата.
serve-listening = Страницата за работилницата е на { $url }
serve-local-only = Слуша само на този компютър (127.0.0.1); дайте --host 0.0.0.0, за да я отворите за зала в локалната мрежа.
# $host: адресът, на който се слуша.
serve-local-only-host = Слуша само на този компютър ({ $host }).
serve-room-url = Участниците в локалната мрежа отварят { $url }
serve-network = Слуша на { $host }, както поиска --host: всеки в мрежата може да отвори страницата; спрете сървъра (Ctrl-C) след работилницата.
# $count: броят сделки; $deals: техните идентификатори.
serve-deals = { $count ->
    [one] Една сделка в библиотеката: { $deals }
   *[other] { $count } сделки в библиотеката: { $deals }
}
# $what: сделката и защо е пропусната.
serve-skipped = пропуснато от библиотеката: { $what }

# Страницата за работилницата (всяко съобщение `page-` се изпраща на страницата).
page-title = sibyl: страница за работилница
page-subtitle = Изберете сделка, променете допусканията ѝ и вижте как реагира.
page-language = Език
page-deal = Сделка
page-scenario = Сценарий
page-sources = Източници
page-assumptions = Допускания
page-sliders-note = Всеки плъзгач мести средната стойност на едно допускане; несигурността около нея остава такава, каквато я задава сценарият.
page-reset = Начални стойности
page-trials = Итерации
page-results = Резултати
page-running = Симулиране…
page-busy = Сървърът е зает; нов опит…
page-error = Нещо се обърка:
page-loss = Вероятност за загуба на инвеститорите
page-moic = Средно кратно на вложения капитал
page-irr = Медианна годишна възвръщаемост (ВНВ)
page-paid = Средно платено за резултати
page-se = стандартна грешка
page-mc-note = Всяка стойност е оценка по метода Монте Карло; ± дава стандартната ѝ грешка. Всяко положение на плъзгачите използва едни и същи случайни числа, така че промяната, която виждате, идва от сделката, а не от случайността.
page-role-effect = Истински ефект
page-role-baseline = Без програмата
page-role-referrals = Насочени участници
page-role-dropout = Отпадане
page-role-measurement = Измерване
page-role-other = Друго
page-quiz = Викторина: познайте вероятността за загуба, преди да я видите
page-quiz-guess = Вашата оценка (%)
page-quiz-reveal = Покажи
page-quiz-you = Вашата оценка
page-quiz-sim = Симулацията
page-explain = Сделката с прости думи
page-compare = Два модела един до друг
page-compare-note = И двата модела се изпълняват с едни и същи случайни числа и допускания, така че разликата идва от модела.
page-compare-with = Сравни с
page-compare-run = Сравни
page-compare-difference = Разлика
page-history = Какво се случи в действителност
page-history-none = За тази сделка няма данни за действителните резултати.
page-history-show = Възпроизведи действителните резултати
page-paste = Ваш собствен договор
page-paste-contract = Договор (TOML)
page-paste-scenario = Сценарий (TOML)
page-paste-check = Провери
page-paste-run = Симулирай този договор
page-paste-ok = Няма грешки: файловете са валидни.
page-paste-errors = Файловете съдържат грешки; редовете са отбелязани по-долу.
workshop-axis-pays = Дял на опитите, в които правилото плаща
workshop-axis-period = Период
workshop-settle-paid = Плащания за резултати по периоди
workshop-settle-drawn = Вложени средства (изтеглени)
workshop-settle-received = Върнати средства (получени)
workshop-axis-cash = Паричен поток ({ $currency })
page-busy-later = Сървърът е зает; опитайте отново след малко.
page-trials-kept = (едни и същи при всяка позиция на плъзгачите за тази сделка, така че видимата промяна идва от сделката)
page-trials-choosing = (избира се колко итерации тази машина изпълнява бързо)
page-compare-difference-ba = Разлика (B − A)
page-history-caveats = Уговорки
