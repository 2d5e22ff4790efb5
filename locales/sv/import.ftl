# import: sammanfattningen som `sibyl import` skriver ut. Variablerna beskrivs i
# locales/en/import.ftl.

import-title = { $project } ”{ $name }”
import-contract-file = avtalsutkast: { $path }
import-contract-stdout = avtalsutkast: på standard ut
import-observed-file = historik: { $path }
import-observed-none = historik: ingen, registerposten räknar inga utfall
import-observed-not-asked = historik: registerposten har { $counts } utfallsantal; lägg till --observed FIL för att skriva dem
import-found = hittat: parter { $parties }, utfallsmått { $metrics }, priser { $prices }, trancher { $tranches }, utfallsantal { $counts }
import-todo = att fylla i, markerat TODO i filerna: { $count }
import-todo-none = inget är kvar att fylla i
import-todo-more = … och { $count } till
import-recorded = utfallsbetalningar enligt registerposten: { $amount }
import-computed = priserna vid de observerade antalen betalar { $amount } före tak
import-missing = tabeller som saknas i mappen och inte lästes: { $tables }
import-valid = filerna godkänns av `sibyl check` som de är
import-invalid = filerna godkänns ännu inte av `sibyl check`: se varningarna ovan
# $path: the JSON file the project record was read from.
import-from-record = läst från projektets registerpost i JSON: { $path }
# $count: how many parties have no name because the record lists no organisations.
import-no-organisations = registerposten listar inga organisationer, så parternas namn är markerade TODO: { $count } (INDIGO:s API lägger till organisationerna i registerposten; projektschemat ensamt har dem inte)
