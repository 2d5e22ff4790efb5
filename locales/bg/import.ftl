# import: обобщението, което `sibyl import` отпечатва. Променливите са описани в
# locales/en/import.ftl.

import-title = { $project } „{ $name }“
import-contract-file = чернова на договора: { $path }
import-contract-stdout = чернова на договора: на стандартния изход
import-observed-file = наблюдавани резултати: { $path }
import-observed-none = наблюдавани резултати: няма, записът не отчита брой постигнати резултати
import-observed-not-asked = наблюдавани резултати: записът съдържа { $counts } отчетени броя резултати; добавете --observed FILE, за да ги запишете
import-found = намерени: страни { $parties }, показатели за резултати { $metrics }, цени { $prices }, траншове { $tranches }, отчетени броя резултати { $counts }
import-todo = за попълване, отбелязани с TODO във файловете: { $count }
import-todo-none = не е останало нищо, отбелязано с TODO
import-todo-more = … и още { $count }
import-recorded = плащания за резултати според записа: { $amount }
import-computed = цените при наблюдаваните бройки дават { $amount } преди таваните
import-missing = таблици, които ги няма в папката и не са прочетени: { $tables }
import-valid = файловете преминават `sibyl check` във вида, в който са
import-invalid = файловете все още не преминават `sibyl check`: вижте предупрежденията по-горе
