import NotificationService
import Streaming

await ServiceRunner.main(NotificationService.definition)
