import PaymentProvider

await PaymentProviderRunner.main()
