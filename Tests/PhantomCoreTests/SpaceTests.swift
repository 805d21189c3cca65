import Testing
import PhantomCore
