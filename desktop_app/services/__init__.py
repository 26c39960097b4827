"""Use cases. One unit of work per user action, a permission check, an audit entry; DTOs out.

No Qt here (views call in), and the admin CLI calls the very same functions.
"""
