# import: yhteenveto, jonka `sibyl import` tulostaa. Muuttujat kuvataan tiedostossa
# locales/en/import.ftl.

import-title = { $project } ”{ $name }”
import-contract-file = sopimusluonnos: { $path }
import-contract-stdout = sopimusluonnos: vakiotulosteessa
import-observed-file = toteumatiedot: { $path }
import-observed-none = toteumatiedot: ei ole, tietueessa ei ole tulosten lukumääriä
import-observed-not-asked = toteumatiedot: tietueessa on { $counts } tulosten lukumäärää; lisää --observed TIEDOSTO kirjoittaaksesi ne
import-found = löydetty: osapuolia { $parties }, tulosmittareita { $metrics }, hintoja { $prices }, transseja { $tranches }, tulosten lukumääriä { $counts }
import-todo = täydennettävää, merkitty tiedostoihin TODO: { $count }
import-todo-none = mitään ei ole jäänyt täydennettäväksi
import-todo-more = … ja { $count } muuta
import-recorded = tietueen ilmoittamat tulosmaksut: { $amount }
import-computed = hinnoilla havaituista lukumääristä maksetaan { $amount } ennen kattoja
import-missing = kansiosta puuttuvat taulukot, joita ei luettu: { $tables }
import-valid = tiedostot läpäisevät `sibyl check` -tarkistuksen sellaisinaan
import-invalid = tiedostot eivät vielä läpäise `sibyl check` -tarkistusta: katso varoitukset yllä
# $path: the JSON file the project record was read from.
import-from-record = luettu hankkeen JSON-tietueesta: { $path }
# $count: how many parties have no name because the record lists no organisations.
import-no-organisations = tietueessa ei ole organisaatioluetteloa, joten osapuolten nimet on merkitty TODO: { $count } (INDIGOn rajapinta lisää organisaatiot tietueeseen; pelkässä hankeskeemassa niitä ei ole)
