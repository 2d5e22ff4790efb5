# settle: таблицата на `sibyl settle` (какво плаща договорът за действително случилото се).
# Описанието на променливите е в locales/en/settle.ftl.

settle-title = { $deal }: уреждане на плащанията по „{ $observed }“
settle-as-of = само до период { $period }: историята спира дотам, затова сумите са към момента, а възвръщаемостта още не е известна
settle-ended-on-result = прекратен в период { $period }: междинната оценка измери { $effect } по { $metric }, под { $below }

settle-payments = Плащания
settle-no-payments = няма: нито едно правило не е изпълнено
settle-payment = период { $period }: { $payer } плаща { $amount } по правило { $rule }
settle-payment-termination = период { $period }: { $payer } плаща { $amount } при прекратяване на договора
settle-payment-metric = { " " }(показател { $metric })
settle-payment-cohorts = { " " }за { $cohorts }
settle-payment-cut = { " " }(намалено от { $before } поради { $caps })

settle-payers = Платци на резултатите
settle-payer = { $payer }: платено { $paid }, нетна настояща стойност { $npv }
settle-payer-refunded = { $payer }: платено { $paid } (изплатени { $paid_out }, от които върнати { $handed_back } над таваните на възвръщаемостта), нетна настояща стойност { $npv }
settle-payer-real = { " " }(в пари от период 0)

settle-tranches = Траншове
settle-tranche = { $tranche } ({ $investor }): усвоени { $drawn }, получени { $received }, { $irr }
settle-tranche-moic = { $tranche } ({ $investor }): усвоени { $drawn }, получени { $received }, { $moic }, { $irr }
settle-irr = { $status ->
    [rate] ВНВ { $rate } годишно
    [total_loss] ВНВ { $rate } (пълна загуба)
    [ongoing] ВНВ още не е известна
    [no_root] ВНВ неопределена (няма корен)
   *[multiple_roots] ВНВ неопределена (няколко корена)
}

settle-elsewhere = Останалите пари
settle-received = { $party } получи { $amount }
settle-guarantee-paid = гаранцията { $guarantee } изплати { $amount }
settle-refunded = върнато на платците (над таваните на възвръщаемостта): { $amount }
settle-fees-unpaid = неизплатени такси: { $amount }
settle-provider-unfunded = разходи за услугата, поети от доставчика: { $amount }
settle-caps-bound = таваните, които са ограничили плащанията: { $caps }
