# import: обобщението, което `sibyl import` отпечатва. Променливите са описани в
# locales/en/import.ftl.

import-title = { $project } „{ $name }“
import-contract-file = чернова на договора: { $path }
import-contract-stdout = чернова на договора: на стандартния изход
import-observed-file = действителни данни: { $path }
import-observed-none = действителни данни: няма, записът не съдържа брой постигнати резултати
import-observed-not-asked = действителни данни: записът съдържа { $counts } броя постигнати резултати; добавете --observed FILE, за да ги запишете
import-found = намерени: страни { $parties }, показатели за резултати { $metrics }, цени { $prices }, траншове { $tranches }, брой постигнати резултати { $counts }
import-todo = за попълване, отбелязани с TODO във файловете: { $count }
import-todo-none = не е останало нищо, отбелязано с TODO
import-todo-more = … и още { $count }
import-recorded = плащания за резултати според записа: { $amount }
import-computed = цените при действителните бройки дават { $amount } преди таваните
import-missing = таблици, които ги няма в папката и не са прочетени: { $tables }
import-valid = файловете преминават `sibyl check` във вида, в който са
import-invalid = файловете все още не преминават `sibyl check`: вижте предупрежденията по-горе
# $path: the JSON file the project record was read from.
import-from-record = прочетено от записа на проекта в JSON: { $path }
# $count: how many parties have no name because the record lists no organisations.
import-no-organisations = записът не изброява организации, затова имената на страните са отбелязани с TODO: { $count } (API-то на INDIGO добавя организациите към записа; самата схема на проекта ги няма)
