# The HTML report (`sibyl report`). Amounts, shares and multiples arrive formatted.

# $scenario: the scenario's name; $trials: the number of trials; $seed; $currency: the
# currency code; $terms: report-terms-nominal or report-terms-real.
report-subtitle = Under “{ $scenario }”: { $trials } simulated trials, seed { $seed }; amounts in { $currency }{ $terms }.
report-terms-nominal = {""}
report-terms-real = {" "}in real terms (period-0 money)
# $version: sibyl's version.
report-footer = Made with sibyl { $version }, an open-source tool that simulates outcome-based contracts. Every figure is a Monte Carlo estimate over the trials stated, with its standard error; the definitions are in docs/language.md.
# $path: the file written.
report-written = report written to { $path }

report-col-figure = Figure
report-col-mean = Mean
report-col-se = Standard error
report-col-year = Budget year
report-col-case = Case
report-col-assumption = Assumption
report-col-at-p10 = At its p10
report-col-at-p90 = At its p90
report-col-swing = Swing (se)
report-col-rho = Rank correlation
report-col-period = Period
report-col-payer = Payer
report-col-for = For
report-col-before-caps = Before caps
report-col-paid = Paid
report-col-cut-by = Cut by
report-col-refunded = Handed back
report-col-npv = NPV
report-col-tranche = Tranche
report-col-drawn = Put in
report-col-received = Received

# Key figures at the top. $tranche: a tranche's id; $payer: a payer's name; $se: a
# standard error.
report-key-loss = { $tranche }: chance of a loss
report-key-moic = { $tranche }: mean multiple
report-key-paid = { $payer }: expected payment
report-key-se = standard error { $se }

report-deal = The deal
report-deal-intro = What the contract says, in plain words, and what each party pays and gets in the scenario's expected case.
report-diagram-title = Who pays whom
report-diagram-caption = Who pays whom. Amounts are those of the scenario's expected case (every assumption at its mean), settled through the contract's payment rules, caps and financing waterfall.
report-diagram-payers = Outcome payers
report-diagram-vehicle = The deal
report-diagram-investors = Investors
report-diagram-vehicle-box = Vehicle
report-diagram-contract = the contract
# $amount: an amount with its currency.
report-diagram-pays = pays { $amount }
report-diagram-pays-for-outcomes = pays for outcomes
report-diagram-puts-in = puts in { $amount }
report-diagram-gets-back = gets back { $amount }
report-diagram-gets-back-if = gets back if outcomes are paid
report-diagram-receives = receives { $amount }
report-diagram-runs = runs the programme
# $tranche: the tranche's id.
report-diagram-tranche = tranche { $tranche }

report-investors = Investors
report-investors-intro = How likely each investor is to lose money, and how their multiple and yearly return are spread over the trials. A multiple (MOIC) is what came back divided by what went in; below 1 is a loss.
# $tranche: the tranche's id; $investor: the investor's name.
report-tranche = Tranche { $tranche } ({ $investor })
report-axis-moic = Multiple on invested capital (MOIC)
report-axis-irr = IRR a year
report-axis-share = Share of trials
report-with-guarantee = with the guarantee
report-without-guarantee = without the guarantee
# $value: the figure at the mark.
report-mark-median = median { $value }
report-mark-mean = mean { $value }
report-mark-p95 = p95 { $value }
report-mark-cap = cap { $value }
report-mark-trigger = trigger { $value }
report-nothing-to-draw = Nothing to draw: no trial has a value here.
# $tranche; $loss and $loss_se: the chance of a loss and its standard error; $median,
# $mean: multiples; $mean_se: the mean's standard error.
report-moic-caption = The multiple of tranche { $tranche } in each trial: red bars are losses (below 1). Chance of a loss { $loss } (standard error { $loss_se }); median { $median }; mean { $mean } (standard error { $mean_se }).
# $loss, $loss_se: the chance of a loss without the guarantee, over the sampled trials.
report-guarantee-caption = The grey outline is the same trials without the guarantee's payments: the chance of a loss would be { $loss } (standard error { $loss_se }).
# $tranche; $p05, $median, $p95: yearly rates; $undefined: the share of trials without an IRR.
report-irr-caption = The internal rate of return a year of tranche { $tranche }, over the trials where it is defined (a total loss counts as -100%): p05 { $p05 }, median { $median }, p95 { $p95 }. It is undefined in { $undefined } of trials (nothing went in, or the cash flows have no single rate); a mean IRR would be dominated by the total losses, so the median and range are shown.
report-fig-loss = Chance of a loss (MOIC below 1)
report-fig-moic = Multiple (MOIC)
report-fig-irr = IRR a year (range)
report-fig-pooled-irr = IRR of the mean cash flows
report-fig-mirr = Modified IRR a year (range)
report-fig-irr-undefined = Trials without an IRR
report-fig-received = Received
report-fig-amount-lost = Amount lost
report-fig-guarantee-drawn = Guarantee drawn
# $name: a tranche's id or a payer's name; $currency: the currency code.
report-figures-of = { $name }: figures over all trials (amounts in { $currency })
# $shown, $trials: numbers of trials.
report-sample-note = The charts show the first { $shown } of the run's { $trials } trials (the same trials, seed and order); the tables and key figures use all { $trials }.

report-payers = Outcome payers
report-payers-intro = What each payer pays, when it falls in its budget, and how much of it pays for outcomes the programme did not truly cause.
# $payer: the payer's name; $id: its id in the contract.
report-payer = { $payer } ({ $id })
# $currency: the currency code.
report-axis-paid = Paid ({ $currency })
# $payer; $mean: an amount with currency; $se, $p05, $p95: amounts; $nothing: the share of
# trials in which it pays nothing.
report-paid-caption = What { $payer } pays in total in each trial: mean { $mean } (standard error { $se }), p05 { $p05 }, p95 { $p95 }. It pays nothing in { $nothing } of trials.
report-band-90 = p05 to p95
report-band-50 = p25 to p75
report-band-median = median
report-band-mean = mean
report-years-caption = What { $payer } pays in each budget year: the light band holds 90% of trials, the darker band half of them, the line is the median and the dots the mean. The p95 of a year is the amount to budget for to be covered in 19 trials of 20.
report-years-table = Payments by budget year ({ $currency }), over all trials
report-fig-paid = Paid in total
# $rate: the payer's discount rate.
report-fig-npv = Present value at { $rate } a year
# $metric: the metric's id.
report-fig-cost-per-outcome = Cost per true outcome ({ $metric })
report-fig-measurement-error = Paid for measurement error
report-fig-noise = Paid where the true effect was nil
report-fig-deadweight = Paid for deadweight
report-fig-largest-year = Largest budget year
report-fig-over-budget = Chance of a year over budget
report-fig-budget-excess = Over budget, by how much
report-fig-net-value = Net value (discounted)
report-fig-premium = Premium over buying the service
report-fig-deal-paid = All payers: paid
report-fig-deal-premium = All payers: premium over buying the service
report-fig-any-payment = Chance of any payment
report-fig-after-horizon = Chance of a payment falling after the deal ends
# $provider: the provider's id.
report-fig-provider-revenue = { $provider }: revenue
report-fig-provider-margin = { $provider }: margin
report-fig-provider-loss = { $provider }: chance of a loss
# $metric: the metric's id.
report-fig-improved = { $metric }: outcomes truly improved
report-fig-outcome-paid = { $metric }: paid for it
report-deal-figures = The deal as a whole (amounts in { $currency })

report-triggers = Triggers and caps
report-triggers-intro = Whether a threshold pays depends on the measured effect: the true effect, plus measurement noise, plus any bias of what it is measured against (a baseline that drifts, a comparison group that differs). Near the threshold, chance decides: these curves show how often each trigger paid against the true effect of the trial. Caps set what is paid when they bind.
report-axis-true-effect = True effect on { $metric }
report-axis-pays = Share of trials in which it pays
# $rule: the rule (with its cohort); $paid: the share of trials it paid; $trials: the
# trials sampled; $per_point: the trials behind each point.
report-curve-caption = How often { $rule } paid, against the true effect of the trial (each point is { $per_point } trials of similar true effect, with bars of two standard errors; the red line is the trigger). It paid in { $paid } of the { $trials } trials in which it was tested. A curve that rises gently around the trigger means measurement noise, not the programme, often decides the payment; a curve that rises away from the trigger shows a bias of the counterfactual.
# $rule, $cohort: ids.
report-curve-cohort = { $rule } for cohort { $cohort }
report-axis-binds = Share of trials in which the cap binds
# $p, $se: a share and its standard error.
report-cap-bar = { $p } (se { $se })
report-caps-caption = How often each cap cut a payment. A cap that binds in most trials (red) sets the payments more than the results do.

report-compare = Designs compared
# $trials; $currency.
report-compare-intro = Each design simulated on the same { $trials } trials (common random numbers), so the differences are paired and their standard errors small. Amounts in { $currency }.
report-compare-table = Mean (or chance, for probabilities) per design, and each design's difference from the first (standard error)
report-stress = Stress test
report-stress-intro = The base case, the scenario's stress presets and the built-in shocks, each on the same { $trials } trials; in brackets the change from the base case and its standard error. Amounts in { $currency }.
report-stress-table = Key figures per case (change from the base case, standard error)
# $tranche, $payer: ids.
report-stress-loss = { $tranche }: chance of a loss
report-stress-moic = { $tranche }: mean multiple
report-stress-paid = { $payer }: mean paid
report-sensitivity = What drives the result
report-sensitivity-intro = Each assumption swung from its 10th to its 90th percentile with the others at their medians, on common random numbers; the widest bars matter most.
# $low, $high: the metric at the assumption's p10 and p90; $se: the swing's standard error.
report-tornado-bar = { $low } → { $high } (swing's se { $se })
# $value: the metric with every assumption at its median.
report-tornado-base = all at medians: { $value }
# $metric: the metric's name.
report-axis-metric = { $metric }
report-tornado-caption = The tornado of { $metric } over { $trials } trials per bar: each bar runs from the value with the assumption at its p10 to the value at its p90.
report-tornado-table = Each assumption's swing
report-rank-table = Rank correlation of each assumption with the metric over a run of the scenario as written

report-settlement = What actually happened
# $file: the observed file.
report-settlement-intro = The contract settled on the history in { $file }, through the same code as every simulated trial: every payment, the caps that cut it, and each party's result.
# $period: the last period settled.
report-settle-as-of = The history stops at period { $period }: figures are to date and returns are not yet known.
report-settle-payments = Payments period by period ({ $currency })
report-settle-payers = Each payer ({ $currency })
report-settle-tranches = Each tranche ({ $currency })
# $rule, $metric: ids.
report-settle-on = { $rule } on { $metric }
# $what: the rule; $cohorts: cohort ids.
report-settle-for = { $what } for { $cohorts }
# $caps: cap names.
report-settle-caps = Caps that cut a payment: { $caps }.
report-irr-total-loss = -100% (total loss)
report-irr-ongoing = not yet known
report-irr-no-root = undefined (no rate)
report-irr-multiple-roots = undefined (several rates)

report-warnings = What to distrust
report-warnings-intro = Warnings about these results: each says what it means and what to do.
report-provenance = Where these figures come from
report-provenance-intro = The inputs by their SHA-256 fingerprints, the seed and the number of trials: the same inputs and seed give the same figures on any machine, so a figure in a board paper can be traced and checked.
report-meta-contract = Contract
report-meta-scenario = Scenario
report-meta-stress = Stress preset
report-meta-observed = History
report-meta-design = Compared design
report-meta-seed = Seed
report-meta-trials = Trials
report-meta-version = sibyl version
report-meta-currency = Currency
report-meta-command = Command
report-definitions = Definitions: a mean is over all trials, with its Monte Carlo standard error; p05, p50 and p95 are the 5th, 50th and 95th percentiles of the trials. The cost per true outcome is the expected amount paid on a metric over the expected outcomes truly improved on it. Paid for measurement error is what the payer paid less what an exact measurement would have had it pay; paid for deadweight is what it paid for outcomes that would have happened anyway.
# $guarantee: the guarantee's id.
report-diagram-guarantee = guarantee { $guarantee }
# $amount: an amount with its currency.
report-diagram-covers = covers { $amount }
report-diagram-covers-losses = covers losses
# $rules: the rules whose payments this one skips.
report-curve-skips = It does not pay for cohorts that { $rules } already paid, so where those pay (at large effects) it pays less often.
# $shown: the trials charted (the run's first).
report-sample-inline = The chances in this caption are over the first { $shown } trials, those charted.
