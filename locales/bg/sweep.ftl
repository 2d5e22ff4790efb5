sweep-title = Обхождане на { $points } точки, по { $trials } итерации, начално число { $seed }, общи случайни числа
sweep-header-point = точка
sweep-header-contract = договор
sweep-header-scenario = сценарий
sweep-note-figures = Средни стойности, а P(...) са вероятности; всички статистики на всяка величина са в points.csv (--out) и в --format json.
sweep-search-title = Търсене на най-добър дизайн
sweep-search-feasible = { $feasible } от { $points } точки изпълняват всички ограничения.
sweep-search-none = Нито една точка не изпълнява всички ограничения.
sweep-search-best = Най-добра: точка { $point } ({ $settings }): { $objective } = { $value } ± { $se }
sweep-search-uncertain = Най-добрата точка изпълнява ограничение с по-малко от две стандартни грешки: повече итерации може да покажат, че не го изпълнява.
sweep-search-runner-up = Втора: точка { $point } ({ $settings }): { $value } ± { $se }
sweep-search-within-noise = Втората точка е в рамките на две стандартни грешки от най-добрата: тези итерации не решават коя е по-добра.
sweep-search-marginal = ± е стандартната грешка на самата точка; при общи случайни числа разликата между точки е известна по-точно.
sweep-pareto-title = Парето фронт на { $first } и { $second } (никоя друга точка не е по-добра и по двете):
sweep-written = обхождането е записано в { $dir } ({ $files })
sweep-resumed = продължено: { $done } от { $total } точки вече бяха в { $dir } и не бяха изчислени отново
sweep-progress = { $done }/{ $total } точки [{ $elapsed }] { $bar } остават { $eta }
