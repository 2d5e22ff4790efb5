# settle: the table `sibyl settle` prints (src/report/settle.rs): what a contract pays for
# what actually happened. Amounts reach a message already written with their currency
# ("GBP 3,124,800"), as the language writes them; ids of parties, rules, metrics, cohorts,
# tranches and caps are identifiers and stay as they are. Lines are indented by the code.

# $deal: the deal's name; $observed: the name of the observed history.
settle-title = { $deal } settled on "{ $observed }"
# Under the title when the history stops before the deal ends; $period: the last period
# settled.
settle-as-of = to period { $period } only: the history stops there, so figures are to date and returns are not yet known
# Under the title when a failed interim evaluation ended the contract: $period: its period
# (a number); $effect: the effect it measured ("0%" or "0.1"); $metric: the metric's id;
# $below: the contract's level ("8.5%").
settle-ended-on-result = ended in period { $period }: the interim evaluation measured { $effect } on { $metric }, below { $below }

settle-payments = Payments
# When nothing was paid.
settle-no-payments = none: no rule was met
# A payment. $period: the period, padded to three characters ("  27"); $payer: the
# payer's id; $amount: the amount with its currency; $rule: the payment rule's id. The
# code may append settle-payment-metric, settle-payment-cohorts and settle-payment-cut,
# in that order.
settle-payment = period { $period }: { $payer } pays { $amount } under { $rule }
# Compensation when the payer ends the contract early; variables as settle-payment.
settle-payment-termination = period { $period }: { $payer } pays { $amount } under termination
# Appended to settle-payment as it is (begin with { " " } for a space): the metric a rate
# card pays for; $metric: the metric's id.
settle-payment-metric = { " " }on { $metric }
# Appended: the cohorts paid for; $cohorts: their ids, comma-separated (one or more).
settle-payment-cohorts = { " " }for { $cohorts }
# Appended: the payment before the caps cut it; $before: the amount without currency;
# $caps: the caps' names, comma-separated (one or more).
settle-payment-cut = { " " }(cut from { $before } by { $caps })

settle-payers = Payers
# $payer: the payer's id; $paid: what it paid; $npv: the net present value of its
# payments (amounts with currency).
settle-payer = { $payer }: paid { $paid }, NPV { $npv }
# As settle-payer, when money above the investors' return caps was handed back to the
# payer: $paid_out: what its payments added up to; $handed_back: what came back (amounts
# without currency); $paid is the difference.
settle-payer-refunded = { $payer }: paid { $paid } ({ $paid_out } paid out, { $handed_back } handed back above the return caps), NPV { $npv }
# Appended to a payer's line as it is when the history has inflation: the NPV is in real
# terms.
settle-payer-real = { " " }(in period-0 money)

settle-tranches = Tranches
# $tranche: the tranche's id; $investor: the investor's id; $drawn: the capital drawn;
# $received: what it received (amounts with currency); $irr: settle-irr.
settle-tranche = { $tranche } ({ $investor }): drew { $drawn }, received { $received }, { $irr }
# As settle-tranche, with $moic: the multiple on invested capital ("1.18x").
settle-tranche-moic = { $tranche } ({ $investor }): drew { $drawn }, received { $received }, { $moic }, { $irr }
# The tranche's internal rate of return. $status: "rate" ($rate a year, "3.50%"),
# "total_loss" (nothing came back; $rate is "-100%"), "ongoing" (the history stops before
# the deal ends), "no_root" or "multiple_roots" (the cash flows have no IRR, or several);
# $rate is empty for the last three.
settle-irr = { $status ->
    [rate] IRR { $rate } a year
    [total_loss] IRR { $rate } (total loss)
    [ongoing] IRR not yet known
    [no_root] IRR undefined (no root)
   *[multiple_roots] IRR undefined (multiple roots)
}

# Where the rest of the money went, over the whole deal.
settle-elsewhere = Elsewhere
# $party: a provider's or intermediary's id; $amount: with currency.
settle-received = { $party } received { $amount }
# $guarantee: the guarantee's id; $amount: what it paid out, with currency.
settle-guarantee-paid = guarantee { $guarantee } paid { $amount }
# $amount: with currency.
settle-refunded = refunded to payers (above return caps): { $amount }
# $amount: with currency.
settle-fees-unpaid = fees left unpaid: { $amount }
# $amount: with currency.
settle-provider-unfunded = service costs the provider carried: { $amount }
# $caps: the caps' names, comma-separated (one or more).
settle-caps-bound = caps that bound: { $caps }
