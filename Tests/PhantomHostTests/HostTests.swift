import Testing
import PhantomHost
