import Streaming

await RelayRunner.main()
