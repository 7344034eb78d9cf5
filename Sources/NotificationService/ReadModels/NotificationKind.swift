/// The customer-visible steps a notification is sent for, in the words the notifications database uses.
public enum NotificationKind: String, Sendable, CaseIterable {
    case confirmed, cancelled, shipped
}
